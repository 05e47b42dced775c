/* tests/chips/interrupt/i8259.c — the 8259A pair as a PC BIOS or Linux
 * programs it, through the I/O space (0x20/0x21, 0xA0/0xA1) and INTA cycles.
 * Section names refer to the Intel 8259A datasheet (231468). */
#include "tests/chips/pcrig.h"

/* OCW3 commands */
#define READ_IRR 0x0A
#define READ_ISR 0x0B
#define POLL     0x0C
#define EOI      0x20

WW_TEST("chips/i8259/init-sequence", t_init)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* The master holds the ICWs it was given, decoded by the descriptor. */
    WW_CHECK_EQ(chip_reg(r.pic0, "ICW1"), 0x11);
    WW_CHECK_EQ(chip_reg(r.pic0, "ICW2"), 0x20);
    WW_CHECK_EQ(chip_reg(r.pic0, "ICW3"), 0x04);
    WW_CHECK_EQ(chip_reg(r.pic0, "ICW4"), 0x01);
    /* The slave too; both have left the init sequence. */
    WW_CHECK_EQ(chip_reg(r.pic1, "ICW2"), 0x28);
    WW_CHECK_EQ(chip_reg(r.pic1, "ICW3"), 0x02);
    WW_CHECK_EQ(chip_reg(r.pic0, "INIT"), 0);
    WW_CHECK_EQ(chip_reg(r.pic1, "INIT"), 0);
    /* Both IMRs read back the last OCW1: all unmasked. */
    WW_CHECK_EQ(inb(&r, 0x21), 0x00);
    WW_CHECK_EQ(inb(&r, 0xA1), 0x00);
    /* Nothing requested: INT is low. */
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 0);
    rig_free(&r);
}

WW_TEST("chips/i8259/icw-single-no-icw4", t_single)
{
    pcrig r;
    rig_init(&r, 0);
    /* ICW1 with SNGL=1 and IC4=0: only ICW2 follows ("ICW1": no ICW3/ICW4). */
    outb(&r, 0x20, 0x12);
    WW_CHECK_EQ(chip_reg(r.pic0, "INIT"), 1);
    outb(&r, 0x21, 0x40);
    WW_CHECK_EQ(chip_reg(r.pic0, "INIT"), 0);
    /* The next A0=1 write is OCW1, and ICW4 functions are all zero. */
    outb(&r, 0x21, 0x5a);
    WW_CHECK_EQ(chip_reg(r.pic0, "IMR"), 0x5a);
    WW_CHECK_EQ(chip_reg(r.pic0, "ICW4"), 0x00);
    WW_CHECK_EQ(chip_reg(r.pic0, "ICW3"), 0x00);
    /* With SNGL no line carries a slave: IR2 acknowledges with the master's
     * own vector, not over CAS. */
    outb(&r, 0x21, 0x00);
    drive(&r, DRV_IRQ8, 1);        /* the slave's INT drives master IR2 */
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 1);
    WW_CHECK_EQ(iack(&r), 0x42);
    WW_CHECK_EQ(chip_reg(r.pic1, "ISR"), 0);
    rig_free(&r);
}

WW_TEST("chips/i8259/mask", t_mask)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* Mask IR3 with OCW1; a request on IR3 then does not raise INT. */
    outb(&r, 0x21, 0x08);
    drive(&r, DRV_IRQ3, 1);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 0);
    /* But IRR records it. */
    outb(&r, 0x20, READ_IRR);
    WW_CHECK_EQ(inb(&r, 0x20) & 0x08, 0x08);
    /* Unmasking lets the pending request through. */
    outb(&r, 0x21, 0x00);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 1);
    WW_CHECK_EQ(iack(&r), 0x23);
    /* Masking a level already in service does not change ISR. */
    outb(&r, 0x21, 0x08);
    outb(&r, 0x20, READ_ISR);
    WW_CHECK_EQ(inb(&r, 0x20), 0x08);
    rig_free(&r);
}

WW_TEST("chips/i8259/irr-isr-read", t_irrisr)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* After ICW1 the A0=0 read returns IRR ("Reading the 8259A Status"). */
    drive(&r, DRV_IRQ5, 1);
    drive(&r, DRV_IRQ6, 1);
    WW_CHECK_EQ(inb(&r, 0x20), 0x60);
    /* OCW3 RR=1 RIS=1 selects ISR: nothing in service yet. */
    outb(&r, 0x20, READ_ISR);
    WW_CHECK_EQ(inb(&r, 0x20), 0x00);
    /* INTA puts IR5 in service and clears its IRR bit (edge mode). */
    WW_CHECK_EQ(iack(&r), 0x25);
    /* The selection persists: ISR again, without a new OCW3. */
    WW_CHECK_EQ(inb(&r, 0x20), 0x20);
    WW_CHECK_EQ(inb(&r, 0x20), 0x20);
    /* Back to IRR: only IR6 is still requesting. */
    outb(&r, 0x20, READ_IRR);
    WW_CHECK_EQ(inb(&r, 0x20), 0x40);
    /* OCW3 with RR=0 leaves the selection alone. */
    outb(&r, 0x20, 0x08 | 0x01);
    WW_CHECK_EQ(inb(&r, 0x20), 0x40);
    /* The A0=1 read is IMR whatever OCW3 says. */
    outb(&r, 0x21, 0x81);
    WW_CHECK_EQ(inb(&r, 0x21), 0x81);
    rig_free(&r);
}

WW_TEST("chips/i8259/fully-nested-priority", t_nested)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* IR5 and IR3 together: IR3 wins (IR0 highest, IR7 lowest). */
    drive(&r, DRV_IRQ5, 1);
    drive(&r, DRV_IRQ3, 1);
    WW_CHECK_EQ(iack(&r), 0x23);
    /* While IR3 is in service the lower IR5 is held off. */
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 0);
    /* A higher level (IR1) interrupts the IR3 handler. */
    drive(&r, DRV_IRQ1, 1);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 1);
    WW_CHECK_EQ(iack(&r), 0x21);
    outb(&r, 0x20, READ_ISR);
    WW_CHECK_EQ(inb(&r, 0x20), 0x0a);
    /* EOI for IR1: IR3 still in service, IR5 still blocked. */
    outb(&r, 0x20, EOI);
    WW_CHECK_EQ(inb(&r, 0x20), 0x08);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 0);
    /* EOI for IR3: now IR5 is delivered. */
    outb(&r, 0x20, EOI);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 1);
    WW_CHECK_EQ(iack(&r), 0x25);
    rig_free(&r);
}

WW_TEST("chips/i8259/eoi-nonspecific-and-specific", t_eoi)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* Put IR6, IR3 and IR1 in service, nested. */
    drive(&r, DRV_IRQ6, 1);
    WW_CHECK_EQ(iack(&r), 0x26);
    drive(&r, DRV_IRQ3, 1);
    WW_CHECK_EQ(iack(&r), 0x23);
    drive(&r, DRV_IRQ1, 1);
    WW_CHECK_EQ(iack(&r), 0x21);
    outb(&r, 0x20, READ_ISR);
    WW_CHECK_EQ(inb(&r, 0x20), 0x4a);
    /* Specific EOI (OCW2 0x60|L) clears exactly IR3. */
    outb(&r, 0x20, 0x63);
    WW_CHECK_EQ(inb(&r, 0x20), 0x42);
    /* Non-specific EOI clears the highest in service: IR1. */
    outb(&r, 0x20, EOI);
    WW_CHECK_EQ(inb(&r, 0x20), 0x40);
    /* OCW2 "no operation" (0x40) changes nothing. */
    outb(&r, 0x20, 0x40);
    WW_CHECK_EQ(inb(&r, 0x20), 0x40);
    outb(&r, 0x20, EOI);
    WW_CHECK_EQ(inb(&r, 0x20), 0x00);
    rig_free(&r);
}

WW_TEST("chips/i8259/rotate-on-nonspecific-eoi", t_rot)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* Equal-priority devices ("Automatic Rotation"): serve IR3, then rotate. */
    drive(&r, DRV_IRQ3, 1);
    WW_CHECK_EQ(iack(&r), 0x23);
    outb(&r, 0x20, 0xA0);                  /* rotate on non-specific EOI */
    /* IR3 is now lowest, so IR4..7 outrank IR1: IR5 beats IR1. */
    WW_CHECK_EQ(chip_reg(r.pic0, "LOWEST"), 3);
    drive(&r, DRV_IRQ1, 1);
    drive(&r, DRV_IRQ5, 1);
    WW_CHECK_EQ(iack(&r), 0x25);
    /* IR5 in service blocks IR1 (lower after rotation). */
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 0);
    outb(&r, 0x20, 0xA0);
    /* Now IR5 is lowest: IR1 is served. */
    WW_CHECK_EQ(iack(&r), 0x21);
    rig_free(&r);
}

WW_TEST("chips/i8259/set-priority-and-specific-rotate", t_setprio)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* OCW2 set priority (0xC0|L): IR5 lowest, IR6 highest. */
    outb(&r, 0x20, 0xC5);
    drive(&r, DRV_IRQ3, 1);
    drive(&r, DRV_IRQ6, 1);
    drive(&r, DRV_IRQ7, 1);
    WW_CHECK_EQ(iack(&r), 0x26);
    /* Rotate on specific EOI for IR6 (0xE6): IR6 lowest, IR7 highest. */
    outb(&r, 0x20, 0xE6);
    WW_CHECK_EQ(chip_reg(r.pic0, "LOWEST"), 6);
    WW_CHECK_EQ(iack(&r), 0x27);
    outb(&r, 0x20, 0x67);
    WW_CHECK_EQ(iack(&r), 0x23);
    rig_free(&r);
}

WW_TEST("chips/i8259/aeoi", t_aeoi)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, true);
    WW_CHECK_EQ(chip_reg(r.pic0, "ICW4") & 0x02, 0x02);
    /* AEOI: INTA does not leave the level in service. */
    drive(&r, DRV_IRQ3, 1);
    WW_CHECK_EQ(iack(&r), 0x23);
    outb(&r, 0x20, READ_ISR);
    WW_CHECK_EQ(inb(&r, 0x20), 0x00);
    /* So a lower level is delivered right away, with no EOI. */
    drive(&r, DRV_IRQ5, 1);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 1);
    WW_CHECK_EQ(iack(&r), 0x25);
    /* Rotate in AEOI mode (OCW2 0x80): each acknowledged level becomes lowest. */
    outb(&r, 0x20, 0x80);
    drive(&r, DRV_IRQ6, 1);
    WW_CHECK_EQ(iack(&r), 0x26);
    WW_CHECK_EQ(chip_reg(r.pic0, "LOWEST"), 6);
    /* Clearing it (0x00) stops rotation. */
    outb(&r, 0x20, 0x00);
    drive(&r, DRV_IRQ7, 1);
    WW_CHECK_EQ(iack(&r), 0x27);
    WW_CHECK_EQ(chip_reg(r.pic0, "LOWEST"), 6);
    rig_free(&r);
}

WW_TEST("chips/i8259/special-mask-mode", t_smm)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* IR3 in service blocks IR5 in the fully nested mode. */
    drive(&r, DRV_IRQ3, 1);
    WW_CHECK_EQ(iack(&r), 0x23);
    drive(&r, DRV_IRQ5, 1);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 0);
    /* The IR3 handler masks itself and sets special mask mode (OCW3 0x68). */
    outb(&r, 0x21, 0x08);
    outb(&r, 0x20, 0x68);
    WW_CHECK_EQ(chip_reg(r.pic0, "OCW3") & 0x20, 0x20);
    /* "Special Mask Mode": lower levels are now enabled. */
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 1);
    WW_CHECK_EQ(iack(&r), 0x25);
    outb(&r, 0x20, 0x65);                  /* specific EOI for IR5 */
    /* Reset special mask (OCW3 0x48): IR3's ISR bit inhibits again. */
    outb(&r, 0x20, 0x48);
    drive(&r, DRV_IRQ6, 1);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 0);
    /* ESMM=0 leaves SMM untouched. */
    outb(&r, 0x20, 0x28 | 0x08);
    WW_CHECK_EQ(chip_reg(r.pic0, "OCW3") & 0x20, 0x00);
    rig_free(&r);
}

WW_TEST("chips/i8259/poll-mode", t_poll)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* Poll with nothing pending: I bit clear. */
    outb(&r, 0x20, POLL);
    WW_CHECK_EQ(inb(&r, 0x20), 0x00);
    /* Masked from the CPU, IR6 requests; poll returns 0x80 | 6 and sets ISR. */
    drive(&r, DRV_IRQ6, 1);
    outb(&r, 0x20, POLL);
    WW_CHECK_EQ(peekb(&r, 0x20), 0x86);    /* a peek does not consume the poll */
    WW_CHECK_EQ(inb(&r, 0x20), 0x86);
    outb(&r, 0x20, READ_ISR);
    WW_CHECK_EQ(inb(&r, 0x20), 0x40);
    /* The poll is one-shot: the next A0=0 read is the ISR again. */
    WW_CHECK_EQ(inb(&r, 0x20), 0x40);
    rig_free(&r);
}

WW_TEST("chips/i8259/edge-triggered", t_edge)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* Rising edge on IR3: request, served, EOI. */
    drive(&r, DRV_IRQ3, 1);
    WW_CHECK_EQ(iack(&r), 0x23);
    outb(&r, 0x20, EOI);
    /* The line stays high: no second interrupt without a new edge. */
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 0);
    outb(&r, 0x20, READ_IRR);
    WW_CHECK_EQ(inb(&r, 0x20) & 0x08, 0);
    /* Low then high again: a new request. */
    drive(&r, DRV_IRQ3, 0);
    drive(&r, DRV_IRQ3, 1);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 1);
    WW_CHECK_EQ(iack(&r), 0x23);
    rig_free(&r);
}

WW_TEST("chips/i8259/level-triggered", t_level)
{
    pcrig r;
    rig_init(&r, 0);
    /* ICW1 with LTIM (0x19): level triggered. */
    outb(&r, 0x20, 0x19);
    outb(&r, 0x21, 0x20);
    outb(&r, 0x21, 0x04);
    outb(&r, 0x21, 0x01);
    WW_CHECK_EQ(chip_reg(r.pic0, "ICW1") & 0x08, 0x08);
    /* The PIT's OUT0 has been high since reset: a level request on IR0. */
    WW_CHECK_EQ(inb(&r, 0x20) & 0x01, 0x01);
    outb(&r, 0x21, 0x01);          /* mask it for the rest of the test */
    drive(&r, DRV_IRQ3, 1);
    WW_CHECK_EQ(iack(&r), 0x23);
    /* IRR follows the line: still set while IR3 is high. */
    WW_CHECK_EQ(inb(&r, 0x20) & 0x08, 0x08);
    /* After EOI the still-high line requests again (no edge needed). */
    outb(&r, 0x20, EOI);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 1);
    WW_CHECK_EQ(iack(&r), 0x23);
    outb(&r, 0x20, EOI);
    /* The device drops the line: IRR clears and INT goes low. */
    drive(&r, DRV_IRQ3, 0);
    WW_CHECK_EQ(inb(&r, 0x20) & 0x08, 0);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 0);
    rig_free(&r);
}

WW_TEST("chips/i8259/spurious-irq7", t_spurious)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* IR3 asserts INT, then drops before the CPU acknowledges. */
    drive(&r, DRV_IRQ3, 1);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 1);
    drive(&r, DRV_IRQ3, 0);
    /* The INTA still happens: "default IR7" vector, ISR untouched. */
    WW_CHECK_EQ(iack(&r), 0x27);
    outb(&r, 0x20, READ_ISR);
    WW_CHECK_EQ(inb(&r, 0x20), 0x00);
    /* The same with IR7 itself in service: ISR stays 0x80, not doubled. */
    drive(&r, DRV_IRQ7, 1);
    WW_CHECK_EQ(iack(&r), 0x27);
    WW_CHECK_EQ(inb(&r, 0x20), 0x80);
    outb(&r, 0x20, EOI);
    WW_CHECK_EQ(inb(&r, 0x20), 0x00);
    rig_free(&r);
}

WW_TEST("chips/i8259/cascade", t_cascade)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* IRQ8 (slave IR0): slave INT rises, which is the master's IR2. */
    drive(&r, DRV_IRQ8, 1);
    WW_CHECK_EQ(line(&r, PR_PIC1_INT), 1);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 1);
    /* INTA: the master reads the slave's vector over CAS (0x28 | 0). */
    WW_CHECK_EQ(iack(&r), 0x28);
    /* Both ISRs: master IR2, slave IR0. */
    outb(&r, 0x20, READ_ISR);
    outb(&r, 0xA0, READ_ISR);
    WW_CHECK_EQ(inb(&r, 0x20), 0x04);
    WW_CHECK_EQ(inb(&r, 0xA0), 0x01);
    /* IRQ12 while IRQ8 in service on the slave: lower, held off. */
    drive(&r, DRV_IRQ12, 1);
    WW_CHECK_EQ(line(&r, PR_PIC1_INT), 0);
    /* Linux's EOI for a slave IRQ: slave first, then master. */
    outb(&r, 0xA0, 0x60);
    WW_CHECK_EQ(line(&r, PR_PIC1_INT), 1);  /* IRQ12 now asserts the slave INT */
    outb(&r, 0x20, 0x62);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 1);
    WW_CHECK_EQ(iack(&r), 0x2c);
    /* A peek of the INTA cycle has no side effects. */
    outb(&r, 0xA0, 0x64);
    outb(&r, 0x20, 0x62);
    rig_free(&r);
}

WW_TEST("chips/i8259/cascade-spurious-on-slave", t_cascade_spur)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* Mask the slave's IR0 in the slave: master IR2 is raised by IRQ12 instead. */
    drive(&r, DRV_IRQ12, 1);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 1);
    /* Mask IR4 on the slave after INT reached the master: the slave withdraws,
     * and the master's IR2 request goes with it: default IR7 of the master. */
    outb(&r, 0xA1, 0x10);
    WW_CHECK_EQ(line(&r, PR_PIC1_INT), 0);
    WW_CHECK_EQ(iack(&r), 0x27);
    rig_free(&r);
}

WW_TEST("chips/i8259/cascade-unbound", t_nocas)
{
    pcrig r;
    rig_init(&r, RIG_NO_CAS);
    pic_init_linux(&r, false);
    /* With the cas bus unbound, IR2 is treated as having no slave. */
    drive(&r, DRV_IRQ8, 1);
    WW_CHECK_EQ(iack(&r), 0x22);
    outb(&r, 0x20, READ_ISR);
    WW_CHECK_EQ(inb(&r, 0x20), 0x04);
    rig_free(&r);
}

WW_TEST("chips/i8259/special-fully-nested", t_sfnm)
{
    pcrig r;
    rig_init(&r, 0);
    /* Master in SFNM (ICW4 0x11), slave normal. */
    outb(&r, 0x20, 0x11); outb(&r, 0x21, 0x20); outb(&r, 0x21, 0x04); outb(&r, 0x21, 0x11);
    outb(&r, 0xA0, 0x11); outb(&r, 0xA1, 0x28); outb(&r, 0xA1, 0x02); outb(&r, 0xA1, 0x01);
    /* IRQ12 (slave IR4) in service on both chips. */
    drive(&r, DRV_IRQ12, 1);
    WW_CHECK_EQ(iack(&r), 0x2c);
    /* IRQ8 is higher on the slave: a new slave INT edge reaches master IR2,
     * which SFNM lets through although IR2 is in service. */
    drive(&r, DRV_IRQ8, 1);
    WW_CHECK_EQ(line(&r, PR_PIC1_INT), 1);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 1);
    WW_CHECK_EQ(iack(&r), 0x28);
    rig_free(&r);
}

WW_TEST("chips/i8259/no-sfnm-blocks-slave", t_nosfnm)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* Without SFNM the same sequence is held at the master. */
    drive(&r, DRV_IRQ12, 1);
    WW_CHECK_EQ(iack(&r), 0x2c);
    drive(&r, DRV_IRQ8, 1);
    WW_CHECK_EQ(line(&r, PR_PIC1_INT), 1);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 0);
    rig_free(&r);
}

WW_TEST("chips/i8259/iack-peek", t_iackpeek)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    drive(&r, DRV_IRQ8, 1);
    /* A WW_PEEK read of the INTA cycle shows the vector (via the slave)... */
    uint64_t v = 0;
    WW_CHECK_EQ(ww_space_peek(r.intack, 0, 1, &v), WW_BUS_OK);
    WW_CHECK_EQ(v, 0x28);
    /* ...and acknowledges nothing: ISRs empty, IRRs and INT unchanged. */
    WW_CHECK_EQ(chip_reg(r.pic0, "ISR"), 0);
    WW_CHECK_EQ(chip_reg(r.pic1, "ISR"), 0);
    WW_CHECK_EQ(chip_reg(r.pic1, "IRR"), 0x01);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 1);
    /* Peeking A0=0 reads IRR without a side effect either. */
    WW_CHECK_EQ(peekb(&r, 0x20), 0x04);
    WW_CHECK_EQ(iack(&r), 0x28);
    rig_free(&r);
}

WW_TEST("chips/i8259/reinit-resets", t_reinit)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    outb(&r, 0x21, 0xf0);
    drive(&r, DRV_IRQ3, 1);
    WW_CHECK_EQ(iack(&r), 0x23);
    outb(&r, 0x20, 0xC2);              /* priority rotated: IR2 lowest */
    outb(&r, 0x20, 0x6B);              /* OCW3: special mask + read ISR */
    /* ICW1 again: IMR cleared, IR7 lowest, SMM off, status read = IRR. */
    outb(&r, 0x20, 0x11);
    WW_CHECK_EQ(chip_reg(r.pic0, "IMR"), 0);
    WW_CHECK_EQ(chip_reg(r.pic0, "LOWEST"), 7);
    WW_CHECK_EQ(chip_reg(r.pic0, "OCW3") & 0x21, 0);
    WW_CHECK_EQ(chip_reg(r.pic0, "ISR"), 0);
    /* The edge sense latch is reset: the still-high IR3 needs a new edge. */
    outb(&r, 0x21, 0x30); outb(&r, 0x21, 0x04); outb(&r, 0x21, 0x01);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 0);
    drive(&r, DRV_IRQ3, 0);
    drive(&r, DRV_IRQ3, 1);
    WW_CHECK_EQ(iack(&r), 0x33);
    rig_free(&r);
}

WW_TEST("chips/i8259/dump-decoded", t_dump)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    drive(&r, DRV_IRQ3, 1);
    GString *s = g_string_new(NULL);
    ww_chip_dump(r.pic0, s);
    /* The generic dump shows registers with decoded fields, and did not ack. */
    WW_CHECK_MSG(strstr(s->str, "IRR") && strstr(s->str, "IR3=1"), "%s", s->str);
    WW_CHECK_MSG(strstr(s->str, "ICW4") && strstr(s->str, "uPM=1"), "%s", s->str);
    WW_CHECK_MSG(strstr(s->str, "INTA"), "%s", s->str);
    WW_CHECK_EQ(chip_reg(r.pic0, "ISR"), 0);
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 1);
    g_string_free(s, TRUE);
    rig_free(&r);
}

/* The resolver's answer recomputed from the registers (datasheet "Fully
 * Nested Mode", "Special Mask Mode", "Special Fully Nested Mode"). */
static bool expect_int(ww_chip *c, bool master)
{
    unsigned irr = (unsigned)chip_reg(c, "IRR"), isr = (unsigned)chip_reg(c, "ISR");
    unsigned imr = (unsigned)chip_reg(c, "IMR"), low = (unsigned)chip_reg(c, "LOWEST");
    unsigned ocw3 = (unsigned)chip_reg(c, "OCW3"), icw1 = (unsigned)chip_reg(c, "ICW1");
    unsigned icw3 = (unsigned)chip_reg(c, "ICW3"), icw4 = (unsigned)chip_reg(c, "ICW4");
    unsigned busy = (ocw3 & 0x20) ? isr & ~imr : isr;
    unsigned req = irr & ~imr;
    for (unsigned k = 0; k < 8; k++) {
        unsigned ir = (low + 1 + k) & 7;
        if (busy & (1u << ir)) {
            bool sf = master && (icw4 & 0x10) && !(icw1 & 0x02) && (icw3 & (1u << ir));
            return sf && (req & (1u << ir));
        }
        if (req & (1u << ir))
            return true;
    }
    return false;
}

WW_TEST("chips/i8259/random-writes", t_random)
{
    pcrig r;
    rig_init(&r, 0);
    uint64_t s = 0x8259;
    static const uint16_t ports[] = { 0x20, 0x21, 0xA0, 0xA1 };
    unsigned int_high = 0, real_acks = 0;
    for (unsigned n = 0; n < 100000; n++) {
        uint64_t x = rig_rand(&s);
        switch (x & 7) {
        case 0: case 1: case 2: case 3:   /* random value to a random PIC register */
            outb(&r, ports[(x >> 8) & 3], (uint8_t)(x >> 16));
            break;
        case 4:                           /* reads, including polls */
            inb(&r, ports[(x >> 8) & 3]);
            break;
        case 5: {                         /* an INTA cycle */
            bool pending = line(&r, PR_PIC0_INT);
            iack(&r);
            real_acks += pending;
            break;
        }
        case 6: {                         /* a device line changes */
            static const unsigned drv[] = { DRV_IRQ8, DRV_IRQ1, DRV_IRQ12, DRV_IRQ3,
                                            DRV_IRQ5, DRV_IRQ6, DRV_IRQ7, DRV_IRQ5 };
            drive(&r, drv[(x >> 8) & 7], (x >> 16) & 1);
            break;
        }
        default:                          /* time passes */
            advance_to(&r, ww_sched_now(r.sched) + ((x >> 8) & 0xfff));
            break;
        }
        /* INT is exactly "an unmasked request above everything in service". */
        WW_CHECK_EQ(line(&r, PR_PIC0_INT), expect_int(r.pic0, true));
        WW_CHECK_EQ(line(&r, PR_PIC1_INT), expect_int(r.pic1, false));
        WW_CHECK(chip_reg(r.pic0, "INIT") <= 3 && chip_reg(r.pic0, "LOWEST") <= 7);
        int_high += line(&r, PR_PIC0_INT);
    }
    /* The random walk did exercise delivery, not just a masked chip. */
    ww_test_log("INT high after %u of 100000 steps, %u acknowledged requests", int_high, real_acks);
    WW_CHECK(int_high > 1000 && real_acks > 1000);
    rig_free(&r);
}

WW_TEST("chips/i8259/poll-with-aeoi", t_poll_aeoi)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, true);
    /* A poll is an INTA: in AEOI mode it leaves nothing in service. */
    drive(&r, DRV_IRQ5, 1);
    drive(&r, DRV_IRQ3, 1);
    outb(&r, 0x20, POLL);
    WW_CHECK_EQ(inb(&r, 0x20), 0x83);
    outb(&r, 0x20, POLL);
    WW_CHECK_EQ(inb(&r, 0x20), 0x85);
    WW_CHECK_EQ(chip_reg(r.pic0, "ISR"), 0);
    /* Both requests were consumed: INT is low and a poll finds nothing. */
    WW_CHECK_EQ(line(&r, PR_PIC0_INT), 0);
    outb(&r, 0x20, POLL);
    WW_CHECK_EQ(inb(&r, 0x20), 0x00);
    rig_free(&r);
}

WW_TEST("chips/i8259/variant-property", t_variant)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_chip *p = ww_machine_add_chip(m, "i8259", "pic", &err);
    WW_CHECK_NOERR(p, err);
    /* The role is an enum property: master (default) or slave. */
    char *v = ww_chip_get_prop(p, "variant");
    WW_CHECK_STR(v, "master");
    g_free(v);
    /* A misspelt role is refused with the allowed set and a suggestion. */
    WW_CHECK(!ww_chip_set_prop(p, "variant", "slvae", &err));
    WW_CHECK_MSG(err && strstr(err->message, "master, slave") &&
                 strstr(err->message, "did you mean 'slave'"), "%s", err ? err->message : "");
    g_clear_error(&err);
    WW_CHECK_NOERR(ww_chip_set_prop(p, "variant", "slave", &err), err);
    v = ww_chip_get_prop(p, "variant");
    WW_CHECK_STR(v, "slave");
    g_free(v);
    WW_CHECK_NOERR(ww_machine_realize(m, &err), err);
    ww_machine_free(m);
}

WW_TEST("chips/i8259/iack-without-request", t_iack_none)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* An INTA with no request at all answers IR7 of the master. */
    WW_CHECK_EQ(iack(&r), 0x27);
    WW_CHECK_EQ(chip_reg(r.pic0, "ISR"), 0);
    /* A specific EOI for a level not in service changes nothing. */
    outb(&r, 0x20, 0x65);
    WW_CHECK_EQ(chip_reg(r.pic0, "ISR"), 0);
    rig_free(&r);
}

WW_TEST("chips/i8259/outw-splits", t_outw)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* A 16-bit OUT to 0x20 reaches A0=0 then A0=1 (the bus splits it):
     * OCW3 "read ISR" and an IMR value in one instruction. */
    WW_CHECK_EQ(ww_space_write(r.io, 0x20, 2, 0xF00B), WW_BUS_OK);
    WW_CHECK_EQ(chip_reg(r.pic0, "IMR"), 0xF0);
    WW_CHECK_EQ(chip_reg(r.pic0, "OCW3") & 0x03, 0x03);
    /* A 16-bit IN reads ISR then IMR. */
    uint64_t v = 0;
    WW_CHECK_EQ(ww_space_read(r.io, 0x20, 2, &v), WW_BUS_OK);
    WW_CHECK_EQ(v, 0xF000);
    rig_free(&r);
}
