/* bare.S — test firmware for machines/test/m68k-bare.xml (68000 + ROM at 0,
 * RAM at 0x100000, a 16550 at 0xF00001 with registers every 2 bytes, its
 * interrupt on level 4, autovectored).
 *
 * Prints a banner over the UART, then exercises: TRAP #1, ILLEGAL, an
 * address error (group-0 frame, UM §6.3.3), divide by zero, CHK, a
 * privilege violation from user mode, and a level-4 interrupt (the UART's
 * THR-empty interrupt, UM §6.3.2 autovector 28). Each prints "<name> ok";
 * the end prints "all tests passed" and stops with STOP #0x2700.
 * Register layout: National PC16550D data sheet, table II. */

	.equ	UART, 0xF00001
	.equ	THR, UART + 0*2
	.equ	IER, UART + 1*2
	.equ	FCR, UART + 2*2
	.equ	LCR, UART + 3*2
	.equ	MCR, UART + 4*2
	.equ	LSR, UART + 5*2
	.equ	DLL, UART + 0*2
	.equ	DLM, UART + 1*2
	.equ	RAM, 0x100000
	.equ	STACK_TOP, 0x110000
	.equ	FLAG, RAM + 0x100

	.text
	.org	0
vectors:
	.long	STACK_TOP		/* 0: initial SSP */
	.long	start			/* 1: initial PC */
	.long	bus_error		/* 2 */
	.long	address_error		/* 3 */
	.long	h_illegal			/* 4 */
	.long	zero_divide		/* 5 */
	.long	h_chk			/* 6 */
	.long	unexpected		/* 7: TRAPV */
	.long	privilege		/* 8 */
	.long	unexpected		/* 9: trace */
	.long	unexpected		/* 10: line A */
	.long	unexpected		/* 11: line F */
	.rept	12
	.long	unexpected		/* 12-23 */
	.endr
	.long	unexpected		/* 24: spurious */
	.long	unexpected		/* 25: autovector 1 */
	.long	unexpected		/* 26 */
	.long	unexpected		/* 27 */
	.long	level4			/* 28: autovector 4 (UART) */
	.long	unexpected		/* 29 */
	.long	unexpected		/* 30 */
	.long	unexpected		/* 31 */
	.long	unexpected		/* 32: trap #0 */
	.long	trap1			/* 33: trap #1 */
	.rept	14
	.long	unexpected		/* 34-47 */
	.endr

	.org	0x400
start:
	move.w	#0x2700,%sr
	/* 16550: 8N1, divisor 1, FIFOs on, OUT2 (interrupt enable on PCs) */
	move.b	#0x80,LCR
	move.b	#1,DLL
	move.b	#0,DLM
	move.b	#0x03,LCR
	move.b	#0x07,FCR
	move.b	#0x08,MCR
	move.b	#0,IER
	lea	banner,%a0
	bsr	puts

	/* TRAP #1: the handler returns to the next instruction. */
	moveq	#0,%d7
	trap	#1
	cmp.l	#0x7177,%d7
	bne	fail
	lea	msg_trap,%a0
	bsr	puts

	/* ILLEGAL: the stacked PC is the ILLEGAL opcode; the handler skips it. */
	moveq	#0,%d7
	illegal
	cmp.l	#0x1111,%d7
	bne	fail
	lea	msg_illegal,%a0
	bsr	puts

	/* Address error: a word read at an odd address. */
	moveq	#0,%d7
	lea	RAM+1,%a1
	move.w	(%a1),%d0
ae_return:
	cmp.l	#0xadd1,%d7
	bne	fail
	lea	msg_address,%a0
	bsr	puts

	/* Divide by zero: trap 5, return after the DIVU. */
	moveq	#0,%d7
	moveq	#0,%d1
	move.l	#1000,%d0
	divu	%d1,%d0
	cmp.l	#0xd1f0,%d7
	bne	fail
	lea	msg_div,%a0
	bsr	puts

	/* CHK: 50 > 10 traps. */
	moveq	#0,%d7
	moveq	#50,%d0
	chk	#10,%d0
	cmp.l	#0xc4c4,%d7
	bne	fail
	lea	msg_chk,%a0
	bsr	puts

	/* Privilege violation: user mode tries STOP. */
	moveq	#0,%d7
	lea	RAM+0x8000,%a0
	move.l	%a0,%usp
	move.w	#0x0700,%sr		/* user mode, interrupts masked */
	stop	#0x2700
priv_return:
	cmp.l	#0x5a5a,%d7
	bne	fail
	lea	msg_priv,%a0
	bsr	puts

	/* Level-4 interrupt: enable the THR-empty interrupt, lower the mask. */
	clr.l	FLAG
	move.b	#0x02,IER
	move.w	#0x2300,%sr
	move.l	#100000,%d0
1:	tst.l	FLAG
	bne	2f
	subq.l	#1,%d0
	bne	1b
	bra	fail
2:	move.w	#0x2700,%sr
	lea	msg_irq,%a0
	bsr	puts

	lea	msg_done,%a0
	bsr	puts
	stop	#0x2700
	bra	.

fail:
	lea	msg_fail,%a0
	bsr	puts
	stop	#0x2700
	bra	.

/* puts: print the NUL-terminated string at a0 (polling LSR.THRE). */
puts:
	move.b	(%a0)+,%d0
	beq	2f
1:	btst	#5,LSR
	beq	1b
	move.b	%d0,THR
	bra	puts
2:	rts

trap1:
	move.l	#0x7177,%d7
	rte

h_illegal:
	move.l	#0x1111,%d7
	addq.l	#2,2(%sp)		/* skip the 2-byte ILLEGAL */
	rte

/* Group-0 frame (UM figure 6-7): SSW, access address, IR, SR, PC. */
address_error:
	cmp.w	#0x3011,6(%sp)		/* IR = move.w (a1),d0 */
	bne	fail
	cmp.l	#RAM+1,2(%sp)		/* access address */
	bne	fail
	move.w	(%sp),%d0
	and.w	#0x1f,%d0
	cmp.w	#0x15,%d0		/* read, data, supervisor data (FC 5) */
	bne	fail
	move.l	#0xadd1,%d7
	addq.l	#8,%sp			/* drop SSW, address, IR */
	move.l	#ae_return,2(%sp)
	rte

zero_divide:
	move.l	#0xd1f0,%d7
	rte

h_chk:
	move.l	#0xc4c4,%d7
	rte

privilege:
	move.l	#0x5a5a,%d7
	move.w	#0x2700,(%sp)		/* return in supervisor mode */
	move.l	#priv_return,2(%sp)
	rte

level4:
	move.b	#0,IER			/* THRE interrupt off: the line drops */
	move.l	#1,FLAG
	rte

bus_error:
unexpected:
	lea	msg_unexpected,%a0
	bsr	puts
	stop	#0x2700
	bra	.

banner:		.asciz	"wirewrap m68k-bare test firmware\r\n"
msg_trap:	.asciz	"trap ok\r\n"
msg_illegal:	.asciz	"illegal ok\r\n"
msg_address:	.asciz	"address error ok\r\n"
msg_div:	.asciz	"divide by zero ok\r\n"
msg_chk:	.asciz	"chk ok\r\n"
msg_priv:	.asciz	"privilege ok\r\n"
msg_irq:	.asciz	"irq4 ok\r\n"
msg_done:	.asciz	"all tests passed\r\n"
msg_fail:	.asciz	"FAIL\r\n"
msg_unexpected:	.asciz	"unexpected exception\r\n"
	.even
