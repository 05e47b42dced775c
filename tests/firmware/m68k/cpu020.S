/* cpu020.S — test firmware for the 68020, 68030 and 68040 on
 * machines/test/m68k-32.xml (-p fw=cpu020 -p model=m68020|m68030|m68040):
 * what the three share, with the frames each model stacks.
 *
 *   movec     MOVEC round trips: SFC DFC USP MSP ISP VBR CACR (per-model
 *             masks) CAAR (020/030); an unknown control register is illegal
 *             (vector 4, format $0, PC of the MOVEC) — 020UM §1.3, 040UM §1.3
 *   frames    CHK.L, CHK2, TRAPcc, DIVU.L by zero: format $2 with the
 *             instruction address; trace (T1) and trace on change of flow
 *             (T0): format $2 (020UM §6.4, table 6-7)
 *   throwaway an interrupt taken with SR.M set: format $0 on the master
 *             stack, format $1 on the interrupt stack, RTE of both (020UM
 *             §6.1.9)
 *   format    RTE of a frame with an unknown format: vector 14
 *   faults    an address error (odd JMP target) and a bus error (read of
 *             unmapped memory): format $B (020/030, SSW FB/RB or DF/RW/FC)
 *             or format $2 / $7 (040) — 020UM §6.4.4, 040UM §8.4.6
 *   misc      PACK, UNPK, CMP2 flags, RTD, MOVES with SFC/DFC, BKPT
 *   fpu       FSAVE NULL then IDLE frames (68882: version $20, $38 bytes;
 *             68040: $41, 0), FRESTORE NULL resets; FMOVECR (the 68040
 *             takes line F with format $2 instead); FPSR EXC/AEXC; an
 *             enabled divide-by-zero: 68882 pre-instruction at the next FPU
 *             instruction (format $0), 68040 post-instruction (format $3);
 *             68882: FSAVE keeps a waiting exception, FRESTORE restores it;
 *             BSUN: 020/030 mid-instruction (format $9), 040 format $0 —
 *             881UM §6, 040UM §9.5
 * The model comes from which MOVEC/PMOVE registers exist (the 040 has URP,
 * the 030 has a PMMU). Output: "<test> ok" lines, then "all tests passed". */
#include "common.inc"

/* model-specific encodings, so that one assembly serves all three */
	.macro	MOVEC_URP_D0
	.word	0x4e7a, 0x0806
	.endm
	.macro	PMOVE_TC_SCRATCH
	.word	0xf039, 0x4200
	.long	scratch
	.endm

main:
	/* --- which model? --------------------------------------------------- */
	move.l	#4,model
	TRY	1f
	MOVEC_URP_D0
	bra	2f
1:	move.l	#3,model
	TRY	3f
	PMOVE_TC_SCRATCH
	bra	2f
3:	move.l	#2,model
2:	move.l	model,%d0
	lea	msg_model,%a0
	bsr	puts
	bsr	puthex
	lea	msg_nl,%a0
	bsr	puts

	/* FSAVE before any FPU instruction gives a NULL frame (881UM §6.4.1). */
	fsave	scratch
	EXPECT	scratch, 0, 0x0001

	/* --- MOVEC round trips ---------------------------------------------- */
	moveq	#5,%d3
	movec	%d3,%sfc
	moveq	#3,%d3
	movec	%d3,%dfc
	movec	%sfc,%d4
	EXPECT	%d4, 5, 0x0101
	movec	%dfc,%d4
	EXPECT	%d4, 3, 0x0102
	move.l	#USP_TOP,%d3
	movec	%d3,%usp
	move.l	%usp,%a4
	EXPECT	%a4, USP_TOP, 0x0103
	move.l	#MSP_TOP,%d3
	movec	%d3,%msp
	movec	%msp,%d4
	EXPECT	%d4, MSP_TOP, 0x0104
	movec	%isp,%d4
	move.l	%sp,%d5
	cmp.l	%d4,%d5
	bne	fail
	movec	%vbr,%d4
	EXPECT	%d4, VEC, 0x0105
	moveq	#-1,%d3
	movec	%d3,%cacr
	movec	%cacr,%d4
	moveq	#0,%d3
	movec	%d3,%cacr
	move.l	model,%d5
	cmp.l	#2,%d5
	bne	1f
	EXPECT	%d4, 0x00000003, 0x0106
	bra	2f
1:	cmp.l	#3,%d5
	bne	1f
	EXPECT	%d4, 0x00003313, 0x0107
	bra	2f
1:	EXPECT	%d4, 0x80008000, 0x0108
2:	cmp.l	#4,model
	beq	1f
	moveq	#-1,%d3
	movec	%d3,%caar
	movec	%caar,%d4
	EXPECT	%d4, 0xfc, 0x0109
1:	TRY	1f
movec_bad:
	.word	0x4e7a, 0x0808          /* movec #$808,d0: no such register */
	NOFAULT	0x010a
1:	EXPECT	caught, 4, 0x010b
	EXPECTW	F_FV, 0x0010, 0x010c
	EXPECT	F_PC, movec_bad, 0x010d
	OK	msg_movec

	/* --- format $2 frames ------------------------------------------------- */
	moveq	#10,%d3
	TRY	1f
chk_at:	chk.l	#5,%d3
chk_next:
	NOFAULT	0x0201
1:	EXPECT	caught, 6, 0x0202
	EXPECTW	F_FV, 0x2018, 0x0203
	EXPECT	F_PC, chk_next, 0x0204
	EXPECT	frame_save + 8, chk_at, 0x0205

	moveq	#-20,%d3
	TRY	1f
chk2_at: chk2.l	bounds,%d3
chk2_next:
	NOFAULT	0x0206
1:	EXPECT	caught, 6, 0x0207
	EXPECTW	F_FV, 0x2018, 0x0208
	EXPECT	F_PC, chk2_next, 0x0209
	EXPECT	frame_save + 8, chk2_at, 0x020a

	TRY	1f
	move.w	#4,%ccr                 /* Z */
trap_at: trapeq.w #0x1234
trap_next:
	NOFAULT	0x020b
1:	EXPECT	caught, 7, 0x020c
	EXPECTW	F_FV, 0x201c, 0x020d
	EXPECT	F_PC, trap_next, 0x020e
	EXPECT	frame_save + 8, trap_at, 0x020f

	moveq	#0,%d3
	move.l	#100,%d4
	TRY	1f
div_at:	divu.l	%d3,%d4
div_next:
	NOFAULT	0x0210
1:	EXPECT	caught, 5, 0x0211
	EXPECTW	F_FV, 0x2014, 0x0212
	EXPECT	F_PC, div_next, 0x0213
	EXPECT	frame_save + 8, div_at, 0x0214

	TRY	1f
	move.w	#0xa700,%sr             /* T1: trace the next instruction */
trace_at: nop
trace_next:
	NOFAULT	0x0215
1:	EXPECT	caught, 9, 0x0216
	EXPECTW	F_FV, 0x2024, 0x0217
	EXPECT	F_PC, trace_next, 0x0218
	EXPECT	frame_save + 8, trace_at, 0x0219

	TRY	1f
	move.w	#0x6700,%sr             /* T0: trace changes of flow only */
	nop
	moveq	#1,%d3
t0_at:	bra.s	t0_target
	NOFAULT	0x021a
t0_target:
	NOFAULT	0x021b
1:	EXPECT	caught, 9, 0x021c
	EXPECTW	F_FV, 0x2024, 0x021d
	EXPECT	F_PC, t0_target, 0x021e
	EXPECT	frame_save + 8, t0_at, 0x021f
	OK	msg_frames

	/* --- throwaway frame: an interrupt with SR.M set ------------------------ */
	clr.l	fix_count
	SETVEC	28, irq4
	move.l	#MSP_TOP,%d3
	movec	%d3,%msp
	move.w	#0x3000,%sr             /* S, M: a7 is the MSP now; mask 0 */
	move.b	#0x02,IER               /* THRE interrupt: level 4 at once */
	move.l	#100000,%d3
1:	tst.l	fix_count
	bne	2f
	subq.l	#1,%d3
	bne	1b
2:	move.l	%sp,%d4
	move.w	#0x2700,%sr             /* back to the ISP */
	EXPECT	fix_count, 1, 0x0301
	EXPECT	%d4, MSP_TOP, 0x0302
	EXPECT	scratch, 0x1070, 0x0303    /* ISP frame: format 1, vector 28 */
	EXPECT	scratch + 4, 0x0070, 0x0304  /* MSP frame: format 0 */
	EXPECT	scratch + 8, 0x3000, 0x0305  /* SR on the MSP frame */
	EXPECT	scratch + 12, 0x3000, 0x0306 /* … and on the throwaway: the same, S set */
	SETVEC	28, capture
	OK	msg_throwaway

	/* --- format error --------------------------------------------------------- */
	move.l	%sp,%a3
	move.w	#0xe000,-(%sp)          /* format $E: not a frame this CPU makes */
	move.l	#fail,-(%sp)
	move.w	#0x2700,-(%sp)
	TRY	1f
rte_at:	rte
	NOFAULT	0x0401
1:	move.l	%a3,%sp
	EXPECT	caught, 14, 0x0402
	EXPECTW	F_FV, 0x0038, 0x0403
	EXPECT	F_PC, rte_at, 0x0404
	OK	msg_format

	/* --- address error and bus error -------------------------------------------- */
	lea	odd_target+1,%a3
	TRY	1f
jmp_at:	jmp	(%a3)
	NOFAULT	0x0501
1:	EXPECT	caught, 3, 0x0502
	cmp.l	#4,model
	beq	2f
	EXPECTW	F_FV, 0xb00c, 0x0503
	EXPECTW	frame_save + 0x0a, 0x5006, 0x0504   /* SSW: FB RB, FC 6 */
	EXPECT	frame_save + 0x24, odd_target+1, 0x0505
	EXPECT	F_PC, jmp_at, 0x0506
	bra	3f
2:	EXPECTW	F_FV, 0x200c, 0x0507
	EXPECT	frame_save + 8, odd_target+1, 0x0508
	EXPECT	F_PC, jmp_at, 0x0509
3:	move.l	#0x80000000,%a3
	TRY	1f
berr_at: move.l	(%a3),%d3
	NOFAULT	0x050a
1:	EXPECT	caught, 2, 0x050b
	EXPECT	F_PC, berr_at, 0x050c
	cmp.l	#4,model
	beq	2f
	EXPECTW	F_FV, 0xb008, 0x050d
	EXPECTW	frame_save + 0x0a, 0x0145, 0x050e   /* SSW: DF RW, long, FC 5 */
	EXPECT	frame_save + 0x10, 0x80000000, 0x050f
	bra	3f
2:	EXPECTW	F_FV, 0x7008, 0x0510
	EXPECTW	frame_save + 0x0c, 0x0105, 0x0511   /* SSW: RW, long, TM 5, no ATC */
	EXPECT	frame_save + 0x14, 0x80000000, 0x0512
3:	OK	msg_faults

	/* --- PACK, UNPK, CMP2, RTD, MOVES, BKPT --------------------------------------- */
	move.l	#0x00003534,%d3
	pack	%d3,%d4,#0
	and.l	#0xff,%d4
	EXPECT	%d4, 0x54, 0x0601
	move.l	#0x42,%d3
	unpk	%d3,%d4,#0x3030
	and.l	#0xffff,%d4
	EXPECT	%d4, 0x3432, 0x0602
	lea	scratch+2,%a3
	move.w	#0x0708,scratch
	lea	scratch+0x11,%a4
	pack	-(%a3),-(%a4),#0
	EXPECT	%a3, scratch, 0x0603
	move.b	scratch+0x10,%d4
	and.l	#0xff,%d4
	EXPECT	%d4, 0x78, 0x0604
	lea	scratch+0x11,%a3
	lea	scratch+0x22,%a4
	unpk	-(%a3),-(%a4),#0x3030
	EXPECTW	scratch+0x20, 0x3738, 0x0605
	moveq	#50,%d3
	cmp2.l	bounds,%d3
	move.w	%ccr,%d4
	and.l	#5,%d4
	EXPECT	%d4, 0, 0x0606
	moveq	#-10,%d3
	cmp2.l	bounds,%d3
	move.w	%ccr,%d4
	and.l	#5,%d4
	EXPECT	%d4, 4, 0x0607          /* Z: on a bound */
	move.l	#250,%d3
	cmp2.b	ubounds,%d3
	move.w	%ccr,%d4
	and.l	#5,%d4
	EXPECT	%d4, 1, 0x0608          /* C: out of 20..200 */
	move.l	%sp,%a3
	pea	rtd_back
	rtd	#0                      /* pops just the return address */
	NOFAULT	0x0609
rtd_back:
	cmp.l	%sp,%a3
	bne	fail
	clr.l	-(%sp)
	clr.l	-(%sp)
	pea	rtd_back2
	rtd	#8
rtd_back2:
	EXPECT	%sp, ISP_TOP, 0x060a
	moveq	#5,%d3
	movec	%d3,%sfc
	movec	%d3,%dfc
	move.l	#0xcafef00d,%d3
	lea	scratch+0x30,%a3
	moves.l	%d3,(%a3)
	moves.l	(%a3),%d4
	EXPECT	%d4, 0xcafef00d, 0x060b
	TRY	1f
	bkpt	#3
	NOFAULT	0x060c
1:	EXPECT	caught, 4, 0x060d
	OK	msg_misc

	/* --- FPU ------------------------------------------------------------------------ */
	fmove.l	#0,%fpcr
	fsave	scratch
	move.l	model,%d3
	cmp.l	#4,%d3
	beq	1f
	EXPECT	scratch, 0x20380000, 0x0701    /* 68882 idle frame */
	bra	2f
1:	EXPECT	scratch, 0x41000000, 0x0702
2:	fmove.l	#0x30,%fpcr             /* round toward plus */
	clr.l	scratch
	frestore scratch                /* NULL frame: the FPU resets */
	fmove.l	%fpcr,%d4
	EXPECT	%d4, 0, 0x0703

	cmp.l	#4,model
	beq	fmovecr_040
	fmovecr	#0,%fp0                 /* pi */
	fmove.x	%fp0,scratch
	EXPECT	scratch, 0x40000000, 0x0704
	EXPECT	scratch+4, 0xc90fdaa2, 0x0705
	EXPECT	scratch+8, 0x2168c235, 0x0706
	bra	fmovecr_done
fmovecr_040:
	TRY	1f
fcr_at:	fmovecr	#0,%fp0
fcr_next:
	NOFAULT	0x0707
1:	EXPECT	caught, 11, 0x0708
	EXPECTW	F_FV, 0x202c, 0x0709            /* format 2, line F */
	EXPECT	F_PC, fcr_next, 0x070a
	fmove.l	%fpiar,%d4
	EXPECT	%d4, fcr_at, 0x070b             /* FPIAR: the faulted instruction */
fmovecr_done:

	fmove.l	#0,%fpsr
	fmove.l	#1,%fp0
	fdiv.l	#3,%fp0
	fmove.l	%fpsr,%d4
	EXPECT	%d4, 0x00000208, 0x070c         /* EXC INEX2, AEXC INEX */
	fmove.l	#3,%fp0
	fdiv.l	#4,%fp0
	fmove.d	%fp0,scratch
	EXPECT	scratch, 0x3fe80000, 0x070d
	fmove.l	#-1,%fp1
	ftst.x	%fp1
	fmove.l	%fpsr,%d4
	and.l	#0x0f000000,%d4
	EXPECT	%d4, 0x08000000, 0x070e         /* N */

	/* divide by zero with DZ enabled */
	fmove.l	#0,%fpsr
	fmove.l	#0x0400,%fpcr
	fmove.l	#1,%fp0
	cmp.l	#4,model
	beq	dz_040
	TRY	1f
	fdiv.l	#0,%fp0                 /* the 68882 only records it … */
	moveq	#7,%d3
fnop_at: fnop                           /* … and takes it here */
	NOFAULT	0x070f
1:	EXPECT	caught, 50, 0x0710
	EXPECTW	F_FV, 0x00c8, 0x0711
	EXPECT	F_PC, fnop_at, 0x0712
	EXPECT	%d3, 7, 0x0713
	bra	dz_done
dz_040:
	TRY	1f
	fdiv.l	#0,%fp0
dz_next:
	NOFAULT	0x0714
1:	EXPECT	caught, 50, 0x0715
	EXPECTW	F_FV, 0x30c8, 0x0716            /* format 3: post-instruction */
	EXPECT	F_PC, dz_next, 0x0717
dz_done:
	fmove.l	#0,%fpcr
	fmove.l	%fpsr,%d4
	and.l	#0xffff,%d4
	EXPECT	%d4, 0x0410, 0x0718             /* EXC DZ, AEXC DZ */
	fmove.l	#0,%fpsr

	/* 68882: FSAVE takes a waiting exception into its frame (bit 27 of the
	 * last long word), FRESTORE brings it back (881UM §6.4.2). */
	cmp.l	#4,model
	beq	2f
	fmove.l	#0x0400,%fpcr
	fmove.l	#1,%fp0
	fdiv.l	#0,%fp0                 /* waiting … */
	fsave	scratch                 /* … now in the frame */
	fnop                            /* nothing to take */
	move.l	scratch+0x38,%d4
	and.l	#0x08000000,%d4
	EXPECT	%d4, 0x08000000, 0x0721
	TRY	1f
	frestore scratch
frest_nop: fnop
	NOFAULT	0x0722
1:	EXPECT	caught, 50, 0x0723
	EXPECT	F_PC, frest_nop, 0x0724
	fmove.l	#0,%fpcr
	fmove.l	#0,%fpsr
2:

	/* BSUN: a signalling predicate on an unordered compare */
	fmove.l	#0,%fp0
	fdiv.x	%fp0,%fp0               /* 0/0: NaN (OPERR not enabled) */
	fcmp.x	%fp0,%fp0
	fmove.l	#0x8000,%fpcr
	TRY	1f
bsun_at: fbgt	fail
	NOFAULT	0x0719
1:	fmove.l	#0,%fpcr
	EXPECT	caught, 48, 0x071a
	EXPECT	F_PC, bsun_at, 0x071b
	cmp.l	#4,model
	beq	2f
	EXPECTW	F_FV, 0x90c0, 0x071c            /* format 9, mid-instruction */
	EXPECT	frame_save + 8, bsun_at, 0x071d
	bra	3f
2:	EXPECTW	F_FV, 0x00c0, 0x071e
3:	fmove.l	#0,%fpsr

	/* FMOVEM round trip */
	fmove.l	#11,%fp0
	fmove.l	#22,%fp1
	fmove.l	#33,%fp2
	fmovem.x %fp0-%fp2,-(%sp)
	fmove.l	#0,%fp0
	fmove.l	#0,%fp1
	fmove.l	#0,%fp2
	fmovem.x (%sp)+,%fp0-%fp2
	fmove.l	%fp2,%d4
	EXPECT	%d4, 33, 0x071f
	fmove.l	%fp0,%d4
	EXPECT	%d4, 11, 0x0720
	OK	msg_fpu

	bra	done

/* level-4 interrupt with SR.M set: copy what the two frames say, turn the
 * UART interrupt off, return through both frames. */
irq4:
	move.b	#0,IER
	moveq	#0,%d0
	move.w	6(%sp),%d0
	move.l	%d0,scratch             /* throwaway frame's format/vector */
	move.w	(%sp),%d0
	move.l	%d0,scratch+12
	movec	%msp,%a0
	moveq	#0,%d0
	move.w	6(%a0),%d0
	move.l	%d0,scratch+4
	move.w	(%a0),%d0
	move.l	%d0,scratch+8
	move.l	#1,fix_count
	rte

	.even
bounds:	.long	-10, 100
ubounds: .byte	20, 200
	.even
odd_target:
	nop
	nop

banner:		.asciz	"wirewrap m68k 020+ test firmware\r\n"
msg_model:	.asciz	"model "
msg_movec:	.asciz	"movec ok\r\n"
msg_frames:	.asciz	"frames ok\r\n"
msg_throwaway:	.asciz	"throwaway ok\r\n"
msg_format:	.asciz	"format error ok\r\n"
msg_faults:	.asciz	"faults ok\r\n"
msg_misc:	.asciz	"misc ok\r\n"
msg_fpu:	.asciz	"fpu ok\r\n"
	.even
