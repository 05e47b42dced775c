/* shell.S — a tiny serial shell for machines/test/m68k-shell.xml (the
 * m68k-bare board: 68000, ROM at 0, RAM at 0x100000, a 16550 at 0xF00001
 * with registers every 2 bytes). It lets the monitor's tests type a command
 * and read its answer before the PC boots Linux: it prints a banner and the
 * busybox-like prompt "/ # ", echoes what it receives, and on CR or LF runs
 * the line: "echo TEXT" prints TEXT, "uname" prints "wirewrap-m68k", "pic"
 * initializes the 8259 at 0xF10001 as a PC BIOS does (ICW1 11h, ICW2 08h,
 * ICW3 04h, ICW4 01h, OCW1 FBh: Intel 8259A data sheet 231468, "Initialization
 * Command Words") and prints "pic programmed", an empty line does nothing,
 * anything else prints "sh: LINE: not found".
 * Input is polled (LSR.DR, PC16550D data sheet table II), no interrupts. */

	.equ	UART, 0xF00001
	.equ	RBR, UART + 0*2
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
	.equ	LINE, RAM + 0x200
	.equ	LINE_MAX, 120
	.equ	PIC_A0_0, 0xF10001	/* 8259 master, A0 = 0 */
	.equ	PIC_A0_1, 0xF10003	/* A0 = 1 */

	.text
	.org	0
	.long	STACK_TOP		/* initial SSP */
	.long	start			/* initial PC */
	.rept	62
	.long	unexpected
	.endr

	.org	0x400
start:
	move.w	#0x2700,%sr
	move.b	#0x80,LCR		/* 8N1, divisor 1, FIFOs on */
	move.b	#1,DLL
	move.b	#0,DLM
	move.b	#0x03,LCR
	move.b	#0x07,FCR
	move.b	#0x08,MCR
	move.b	#0,IER
	lea	banner,%a0
	bsr	puts
prompt:
	lea	msg_prompt,%a0
	bsr	puts
	lea	LINE,%a1		/* a1: end of the line so far */
	moveq	#0,%d2			/* d2: its length */
read:
	btst	#0,LSR			/* data ready? */
	beq	read
	move.b	RBR,%d0
	cmp.b	#13,%d0
	beq	run
	cmp.b	#10,%d0
	beq	run
	cmp.w	#LINE_MAX,%d2
	bcc	read			/* line full: drop the byte */
	move.b	%d0,(%a1)+
	addq.w	#1,%d2
	bsr	putc			/* echo */
	bra	read
run:
	clr.b	(%a1)			/* NUL-terminate */
	lea	msg_crlf,%a0
	bsr	puts
	tst.w	%d2
	beq	prompt
	lea	LINE,%a0
	lea	cmd_echo,%a2
	bsr	prefix
	bne	1f
	bsr	puts			/* a0: past "echo " */
	lea	msg_crlf,%a0
	bsr	puts
	bra	prompt
1:	lea	LINE,%a0
	lea	cmd_uname,%a2
	bsr	prefix
	bne	2f
	tst.b	(%a0)
	bne	2f
	lea	msg_uname,%a0
	bsr	puts
	bra	prompt
2:	lea	LINE,%a0
	lea	cmd_pic,%a2
	bsr	prefix
	bne	3f
	tst.b	(%a0)
	bne	3f
	move.b	#0x11,PIC_A0_0		/* ICW1: edge, cascade, ICW4 needed */
	move.b	#0x08,PIC_A0_1		/* ICW2: vectors 08h-0Fh */
	move.b	#0x04,PIC_A0_1		/* ICW3: a slave on IR2 */
	move.b	#0x01,PIC_A0_1		/* ICW4: 8086 mode */
	move.b	#0xfb,PIC_A0_1		/* OCW1: mask all but IR2 */
	lea	msg_pic,%a0
	bsr	puts
	bra	prompt
3:	lea	msg_sh,%a0
	bsr	puts
	lea	LINE,%a0
	bsr	puts
	lea	msg_notfound,%a0
	bsr	puts
	bra	prompt

/* prefix: Z set when the string at a0 starts with the string at a2; then a0
 * points past the prefix. */
prefix:
	move.l	%a0,%a3
1:	move.b	(%a2)+,%d1
	beq	2f
	cmp.b	(%a3)+,%d1
	beq	1b
	rts				/* Z clear: differs */
2:	move.l	%a3,%a0
	cmp.b	%d1,%d1			/* Z set */
	rts

/* putc: d0 to the UART; puts: the NUL-terminated string at a0. */
putc:
	btst	#5,LSR
	beq	putc
	move.b	%d0,THR
	rts
puts:
	move.b	(%a0)+,%d0
	beq	2f
1:	btst	#5,LSR
	beq	1b
	move.b	%d0,THR
	bra	puts
2:	rts

unexpected:
	lea	msg_unexpected,%a0
	bsr	puts
	stop	#0x2700
	bra	.

banner:		.asciz	"wirewrap m68k shell\r\n"
msg_prompt:	.asciz	"/ # "
msg_crlf:	.asciz	"\r\n"
cmd_echo:	.asciz	"echo "
cmd_uname:	.asciz	"uname"
msg_uname:	.asciz	"wirewrap-m68k\r\n"
cmd_pic:	.asciz	"pic"
msg_pic:	.asciz	"pic programmed\r\n"
msg_sh:		.asciz	"sh: "
msg_notfound:	.asciz	": not found\r\n"
msg_unexpected:	.asciz	"unexpected exception\r\n"
	.even
