/* tests/chips/pcrig.h — the small PC-style machine the chip tests share:
 * two 8259As (master at 0x20, slave at 0xA0 on the master's IR2, cascade
 * over pic0.cas), an 8254 at 0x40 (OUT0 → IR0), a 16550 at 0x3F8 (→ IR4),
 * all on a 16-bit little-endian I/O space, plus a test-only probe chip that
 * watches the interesting lines and drives the free IR lines and GATE2.
 *
 * Probe inputs (in@n):  0 pic0.int  1 pit.out@0  2 pit.out@1  3 pit.out@2
 *                       4 uart.irq  5 pic1.int
 * Probe outputs (drv@n): 0 → pic1.ir@0 (IRQ8)  1 → pic0.ir@1  2 → pic1.ir@4 (IRQ12)
 *                        3 → pic0.ir@3  4 → pit.gate@2  5 → pic0.ir@5
 *                        6 → pic0.ir@6  7 → pic0.ir@7 */
#ifndef WW_TESTS_PCRIG_H
#define WW_TESTS_PCRIG_H
#include "tests/chips/chipread.h"
#include "core/machine.h"
#include "core/chardev.h"
#include "tests/harness.h"

enum { PR_PIC0_INT, PR_PIT_OUT0, PR_PIT_OUT1, PR_PIT_OUT2, PR_UART_IRQ, PR_PIC1_INT };
enum { DRV_IRQ8, DRV_IRQ1, DRV_IRQ12, DRV_IRQ3, DRV_GATE2, DRV_IRQ5, DRV_IRQ6, DRV_IRQ7 };

enum { RIG_NO_CAS = 1u << 0 };   /* leave pic0.cas unbound */

typedef struct pcrig_probe pcrig_probe;

typedef struct {
    ww_machine *m;
    ww_sched *sched;
    ww_space *io;     /* the CPU's I/O space */
    ww_space *intack; /* INTA cycles: pic0.iack at address 0 */
    ww_chip *pic0, *pic1, *pit, *uart;
    pcrig_probe *probe;
    ww_chardev *chr;
} pcrig;

void rig_init(pcrig *r, unsigned flags);
void rig_free(pcrig *r);

void outb(pcrig *r, uint16_t port, uint8_t v);
uint8_t inb(pcrig *r, uint16_t port);
uint8_t peekb(pcrig *r, uint16_t port);   /* side-effect-free read */
uint8_t iack(pcrig *r);                   /* one INTA cycle at the master */

int line(pcrig *r, unsigned probe_in);            /* level seen at probe in@n */
unsigned rises(pcrig *r, unsigned probe_in);      /* rising edges seen so far */
ww_time last_rise(pcrig *r, unsigned probe_in);
void drive(pcrig *r, unsigned drv, int level);    /* set probe drv@n */

/* Virtual time: the time of PIT clock tick k (ticks counted from 0). */
ww_time pit_tick(uint64_t k);
void advance_to(pcrig *r, ww_time t);
void advance_ticks(pcrig *r, uint64_t k);         /* to tick k (absolute) */

/* A stored or computed register by name (descriptor lookup, no side effects). */
/* A state item by name from the state walk (first element + index). */

/* Copy a chip's state to the same chip of another rig through the state
 * walk (what a snapshot saves), then run its post_load. */
void rig_copy_state(ww_chip *from, ww_chip *to);

/* Linux's i8259 init (arch/x86/kernel/i8259.c init_8259A): master vectors
 * at 0x20, slave at 0x28, cascade on IR2, 8086 mode, normal EOI. */
void pic_init_linux(pcrig *r, bool aeoi);

/* A deterministic PRNG (xorshift64*) for the random-write tests. */
static inline uint64_t rig_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

#endif
