/* start.S — freestanding start-up for the 68000 differential programs:
 * argc at (sp), argv after it (Linux/m68k initial stack); call main(argc,
 * argv) and pass its result to exit (trap #0, d0 = 1, d1 = status). */
	.text
	.globl	_start
_start:
	move.l	(%sp),%d0
	lea	4(%sp),%a0
	move.l	%a0,-(%sp)
	move.l	%d0,-(%sp)
	jsr	main
	move.l	%d0,%d1
	moveq	#1,%d0
	trap	#0
1:	bra.s	1b
