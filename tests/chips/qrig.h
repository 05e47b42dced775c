/* tests/chips/qrig.h — the Quadra 800 test machine the 68k Mac chip tests
 * share: machines/mac68k/quadra800.xml itself (the tests are the CPU: they
 * read and write its memory space; the 68040 never runs, because only the
 * run loop runs CPUs), plus a probe whose outputs drive spare inputs:
 *
 *   drv@0 → via2.pa_in@1 and via2.ca1   (a NuBus slot $A interrupt)
 *   drv@1 → via1.ca1                    (VBL)
 *   drv@2 → dj.nmi
 *   drv@3 → dj.asc                      (until the machine has a sound chip)
 *   drv@4 → via2.cb2                    (a second SCSI interrupt source)
 *
 * Addresses are the CPU's, through the mirror Linux uses (0x50F00000). */
#ifndef WW_TESTS_QRIG_H
#define WW_TESTS_QRIG_H
#include "tests/chips/chipread.h"
#include "core/machine.h"
#include "core/chardev.h"
#include "core/backend.h"
#include "tests/harness.h"

#define QIO 0x50F00000u
#define QVIA1(reg) (QIO + 0x0000u + (reg) * 0x200u)
#define QVIA2(reg) (QIO + 0x2000u + (reg) * 0x200u)
#define QSCC (QIO + 0xC020u)
#define QESP(reg) (QIO + 0x10000u + (reg) * 0x10u)
#define QPDMA (QIO + 0x10100u)

typedef struct {
    ww_machine *m;
    ww_sched *sched;
    ww_space *mem;
    ww_chip *cpu, *via1, *via2, *rtc, *adb, *dj, *iosb, *scc, *kbd, *mouse, *probe;
    ww_chardev *chr_a;
} qrig;

/* extra: more XML elements spliced into the rig (NULL: none). */
void qrig_init_with(qrig *r, const char *extra);
static inline void qrig_init(qrig *r) { qrig_init_with(r, NULL); }
void qrig_free(qrig *r);
ww_chip *qrig_chip(qrig *r, const char *id);

uint8_t q_rd8(qrig *r, uint32_t a);
void q_wr8(qrig *r, uint32_t a, uint8_t v);
uint16_t q_rd16(qrig *r, uint32_t a);
void q_wr16(qrig *r, uint32_t a, uint16_t v);
uint32_t q_rd32(qrig *r, uint32_t a);
void q_wr32(qrig *r, uint32_t a, uint32_t v);
uint8_t q_peek8(qrig *r, uint32_t a);
/* The highest interrupt level the CPU sees (0: none). */
unsigned q_ipl(qrig *r);
void q_drive(qrig *r, unsigned drv, int level);
void q_advance(qrig *r, ww_time dt);

#endif
