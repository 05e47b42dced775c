/* mmu030.S — 68030 PMMU test firmware for machines/test/m68k-32.xml
 * (-p model=m68030 -p fw=mmu030). Sources: 030UM §9 (tables, TC, root
 * pointers, TT registers, ATC, MMUSR), §8.2 (bus error frames), PRM §10
 * (PMOVE, PFLUSH, PLOAD, PTEST).
 *
 * Translation: TC = E, PS 4K, IS 0, TIA 10, TIB 10 (two levels). CRP: short
 * root table at TB_ROOT. Logical 0..4M maps to itself through an early
 * termination page descriptor at the root (ROM, RAM); the UART goes through
 * TT1. Test pages:
 *   0x40000000 + n*4K (short level-B table TB_B):
 *     0 -> P0   1 -> indirect -> P1   2 invalid   3 -> P3 write-protected
 *     4 -> P2 cache-inhibit           5 invalid (instruction fetch)
 *   0x40400000 + n*4K (long level-B table TB_L): 0 -> P2 supervisor only,
 *     1 -> P3
 *   0x40800000: a table descriptor pointing outside memory (bus error)
 * Tests: PMOVE round trips; translation and indirection; U and M written
 * back; PTEST results (N, I, W, S, M, L, T, B, the descriptor address);
 * bus errors with the exact format $B / $A frames, restarted by RTE after
 * the handler fixes the table; a user access to a supervisor-only page; an
 * instruction fetch fault; the ATC keeping stale entries until the PFLUSH
 * that matches them (FC, mask, address), PMOVEFD vs PMOVE of TC; PLOAD;
 * the MMU configuration exception. */
#include "common.inc"

	.equ	TB_ROOT, RAM + 0x10000      /* 1024 short descriptors */
	.equ	TB_B, RAM + 0x11000         /* 1024 short descriptors */
	.equ	TB_L, RAM + 0x12000         /* 1024 long descriptors */
	.equ	TB_IND, RAM + 0x14000       /* the indirect page descriptor */
	.equ	P0, RAM + 0x80000
	.equ	P1, RAM + 0x81000
	.equ	P2, RAM + 0x82000
	.equ	P3, RAM + 0x83000
	.equ	VA, 0x40000000
	.equ	VL, 0x40400000
	.equ	VBAD, 0x40800000
	.equ	TC_ON, 0x80c0aa00
	.equ	TT1_UART, 0xf0008507        /* F0xxxxxx, E, CI, RWM, all FCs */

main:
	/* --- PMOVE round trips (MMU off) ---------------------------------------- */
	move.l	#0x12348307,scratch
	pmove	scratch,%tt0
	clr.l	scratch
	pmove	%tt0,scratch
	EXPECT	scratch, 0x12348307, 0x0101
	move.l	#0x0080aa00,scratch         /* E clear: no check */
	pmove	scratch,%tc
	pmove	%tc,scratch+4
	EXPECT	scratch+4, 0x0080aa00, 0x0102
	move.l	#0x80010002,scratch
	move.l	#0x00123450,scratch+4
	pmove	scratch,%srp
	clr.l	scratch
	clr.l	scratch+4
	pmove	%srp,scratch
	EXPECT	scratch, 0x80010002, 0x0103
	EXPECT	scratch+4, 0x00123450, 0x0104
	OK	msg_pmove

	/* --- tables -------------------------------------------------------------- */
	lea	TB_ROOT,%a0
	move.w	#(0x1000+0x2000+0x2000)/4-1,%d0   /* root, B, L */
1:	clr.l	(%a0)+
	dbf	%d0,1b
	move.l	#0x00000001,TB_ROOT         /* 0..4M: early termination, page 0 */
	move.l	#TB_B+2,TB_ROOT+0x100*4     /* VA: short table */
	move.l	#TB_L+3,TB_ROOT+0x101*4     /* VL: long table */
	move.l	#0x00f00002,TB_ROOT+0x102*4 /* VBAD: table outside memory */
	move.l	#P0+1,TB_B+0*4
	move.l	#TB_IND+2,TB_B+1*4
	move.l	#P1+1,TB_IND
	move.l	#P3+5,TB_B+3*4              /* WP */
	move.l	#P2+0x41,TB_B+4*4           /* CI */
	move.l	#0x00000101,TB_L+0          /* S, page */
	move.l	#P2,TB_L+4
	move.l	#0x00000001,TB_L+8
	move.l	#P3,TB_L+12
	move.l	#0x11111111,P0
	move.l	#0x22222222,P1
	move.l	#0x33333333,P2
	move.l	#0x44444444,P3

	move.l	#TT1_UART,scratch
	pmove	scratch,%tt1
	clr.l	scratch
	pmove	scratch,%tt0
	move.l	#0x7fff0002,scratch         /* no limit, short descriptors */
	move.l	#TB_ROOT,scratch+4
	pmove	scratch,%crp
	move.l	#TC_ON,scratch
	pmove	scratch,%tc
	OK	msg_on

	/* --- translation, indirection, U/M -------------------------------------- */
	EXPECT	VA, 0x11111111, 0x0201
	EXPECT	VA+0x1000, 0x22222222, 0x0202
	EXPECT	VA+0x4000, 0x33333333, 0x0203
	move.l	#0x55555555,VA
	EXPECT	P0, 0x55555555, 0x0204
	move.l	#0x66666666,VA+0x1000
	EXPECT	P1, 0x66666666, 0x0205
	EXPECT	TB_B+0*4, P0+0x19, 0x0206   /* U and M */
	EXPECT	TB_IND, P1+0x19, 0x0207     /* through the indirect descriptor */
	EXPECT	TB_B+1*4, TB_IND+2, 0x0208  /* the indirect one itself: unchanged */
	EXPECT	TB_B+4*4, P2+0x49, 0x0209   /* read only: U */
	EXPECT	TB_ROOT+0x100*4, TB_B+0x0a, 0x020a   /* table descriptor: U */
	OK	msg_walk

	/* --- PTEST ---------------------------------------------------------------- */
	lea	VA,%a2
	ptestr	#5,(%a2),#7,%a1
	pmove	%psr,scratch
	EXPECTW	scratch, 0x0202, 0x0301     /* M, N=2 */
	EXPECT	%a1, TB_B, 0x0302
	lea	VA+0x1000,%a2
	ptestr	#5,(%a2),#7,%a1
	pmove	%psr,scratch
	EXPECTW	scratch, 0x0203, 0x0303     /* indirect: N=3 */
	EXPECT	%a1, TB_IND, 0x0304
	lea	VA+0x2000,%a2
	ptestr	#5,(%a2),#7,%a1
	pmove	%psr,scratch
	EXPECTW	scratch, 0x0402, 0x0305     /* I */
	EXPECT	%a1, TB_B+8, 0x0306
	lea	VA+0x3000,%a2
	ptestw	#5,(%a2),#7
	pmove	%psr,scratch
	EXPECTW	scratch, 0x0802, 0x0307     /* W */
	lea	VL,%a2
	ptestr	#1,(%a2),#7
	pmove	%psr,scratch
	EXPECTW	scratch, 0x2002, 0x0308     /* S for a user access */
	ptestr	#5,(%a2),#7
	pmove	%psr,scratch
	EXPECTW	scratch, 0x0002, 0x0309
	lea	RAM,%a2
	ptestr	#5,(%a2),#7
	pmove	%psr,scratch
	EXPECTW	scratch, 0x0201, 0x030a     /* early termination: N=1 */
	lea	0x80000000,%a2
	ptestr	#5,(%a2),#7
	pmove	%psr,scratch
	EXPECTW	scratch, 0x0401, 0x030b
	lea	VBAD,%a2
	ptestr	#5,(%a2),#7
	pmove	%psr,scratch
	EXPECTW	scratch, 0x8402, 0x030c     /* B: bus error in the walk */
	lea	0xf0000000,%a2
	ptestr	#5,(%a2),#0
	pmove	%psr,scratch
	EXPECTW	scratch, 0x0040, 0x030d     /* T: TT1 */
	lea	VA,%a2
	ptestr	#5,(%a2),#0
	pmove	%psr,scratch
	EXPECTW	scratch, 0x0200, 0x030e     /* level 0: the ATC entry, modified */
	lea	VL+0x1000,%a2
	ptestr	#5,(%a2),#0
	pmove	%psr,scratch
	EXPECTW	scratch, 0x0400, 0x030f     /* level 0: no entry */
	ploadr	#5,(%a2)
	ptestr	#5,(%a2),#0
	pmove	%psr,scratch
	EXPECTW	scratch, 0x0000, 0x0310     /* PLOAD made one */
	OK	msg_ptest

	/* --- bus errors ------------------------------------------------------------ */
	SETVEC	2, fix_b2
	clr.l	fix_count
	lea	VA+0x2000,%a2
rd_at:	move.l	(%a2),%d3                   /* invalid: the handler maps it */
	EXPECT	fix_count, 1, 0x0401
	EXPECT	%d3, 0x33333333, 0x0402     /* restarted after RTE: P2 */
	EXPECTW	F_FV, 0xb008, 0x0403
	EXPECTW	frame_save+0x0a, 0x0145, 0x0404    /* DF RW long FC5 */
	EXPECT	frame_save+0x10, VA+0x2000, 0x0405
	EXPECT	F_PC, rd_at, 0x0406
	SETVEC	2, fix_wp
	clr.l	fix_count
	lea	VA+0x3000,%a2
	move.l	#0x77777777,%d3
wr_at:	move.l	%d3,(%a2)                   /* write-protected */
	EXPECT	fix_count, 1, 0x0407
	EXPECT	P3, 0x77777777, 0x0408
	EXPECTW	F_FV, 0xa008, 0x0409        /* short frame for a write */
	EXPECTW	frame_save+0x0a, 0x0105, 0x040a    /* DF, write, long, FC5 */
	EXPECT	frame_save+0x10, VA+0x3000, 0x040b
	EXPECT	frame_save+0x18, 0x77777777, 0x040c   /* data output buffer */
	EXPECT	F_PC, wr_at, 0x040d
	SETVEC	2, capture

	/* a user access to a supervisor-only page */
	move.l	#USP_TOP,%a0
	move.l	%a0,%usp
	TRY	1f
	clr.w	-(%sp)
	pea	user_code
	clr.w	-(%sp)
	rte
1:	EXPECT	caught, 2, 0x040e
	EXPECTW	frame_save+0x0a, 0x0141, 0x040f    /* FC 1: user data */
	EXPECT	frame_save+0x10, VL, 0x0410
	EXPECT	F_PC, user_at, 0x0411
	EXPECTW	F_SR, 0x0000, 0x0412

	/* an instruction fetch from an invalid page */
	TRY	1f
	jmp	VA+0x5000
	NOFAULT	0x0413
1:	EXPECT	caught, 2, 0x0414
	EXPECTW	F_FV, 0xb008, 0x0415
	EXPECTW	frame_save+0x0a, 0x5006, 0x0416    /* FB RB, FC 6 */
	EXPECT	frame_save+0x24, VA+0x5000, 0x0417 /* stage B address */
	EXPECT	F_PC, VA+0x5000, 0x0418

	/* a bus error in the table walk */
	TRY	1f
	move.l	VBAD,%d3
	NOFAULT	0x0419
1:	EXPECT	caught, 2, 0x041a
	EXPECT	frame_save+0x10, VBAD, 0x041b
	OK	msg_berr

	/* --- ATC invalidation ------------------------------------------------------- */
	move.l	#0x11111111,P0
	EXPECT	VA, 0x11111111, 0x0501      /* ATC entry for VA, FC 5 */
	move.l	#P1+1,TB_B                  /* VA -> P1, not flushed */
	EXPECT	VA, 0x11111111, 0x0502
	lea	VA+0x1000,%a2
	pflush	#5,#7,(%a2)                 /* another page */
	EXPECT	VA, 0x11111111, 0x0503
	lea	VA,%a2
	pflush	#1,#7,(%a2)                 /* another function code */
	EXPECT	VA, 0x11111111, 0x0504
	pflush	#1,#3,(%a2)                 /* FC 1 matches 5 under mask 3 */
	EXPECT	VA, 0x66666666, 0x0505      /* P1 now */
	move.l	#P0+1,TB_B
	move.l	#TC_ON,scratch
	pmovefd	scratch,%tc                 /* flush disabled */
	EXPECT	VA, 0x66666666, 0x0506
	pmove	scratch,%tc                 /* flushes */
	EXPECT	VA, 0x11111111, 0x0507
	move.l	#P1+1,TB_B
	pflush	#5,#0                       /* FC 5 (mask 0: every FC) */
	EXPECT	VA, 0x66666666, 0x0508
	move.l	#P0+1,TB_B
	pflusha
	EXPECT	VA, 0x11111111, 0x0509
	OK	msg_atc

	/* --- limit and configuration exceptions -------------------------------------- */
	move.l	#0x01ff0002,scratch         /* upper limit 0x1ff on the root index */
	move.l	#TB_ROOT,scratch+4
	pmove	scratch,%crp
	lea	VA,%a2
	ptestr	#5,(%a2),#7
	pmove	%psr,scratch
	EXPECTW	scratch, 0x0002, 0x0601
	lea	0x80000000,%a2
	ptestr	#5,(%a2),#7
	pmove	%psr,scratch
	EXPECTW	scratch, 0x4400, 0x0602     /* L I, no descriptor fetched */
	move.l	#0x7fff0002,scratch
	pmove	scratch,%crp
	move.l	#0x8070aa00,scratch         /* PS 7: invalid */
	TRY	1f
	pmove	scratch,%tc
cfg_next:
	NOFAULT	0x0603
1:	EXPECT	caught, 56, 0x0604
	EXPECTW	F_FV, 0x00e0, 0x0605
	EXPECT	F_PC, cfg_next, 0x0606
	pmove	%tc,scratch
	EXPECT	scratch, 0x0070aa00, 0x0607  /* loaded with E clear */
	move.l	#TC_ON,scratch
	pmove	scratch,%tc
	EXPECT	VA, 0x11111111, 0x0608
	OK	msg_cfg

	clr.l	scratch
	pmove	scratch,%tc
	bra	done

user_code:
user_at: move.l	VL,%d3
	NOFAULT	0x0700

/* bus error: map VA+0x2000 to P2, flush it, run the instruction again. */
fix_b2:
	movem.l	%d0/%a0,-(%sp)
	lea	8(%sp),%a0
	bsr	copy_frame
	move.l	#P2+1,TB_B+2*4
	pflusha
	addq.l	#1,fix_count
	movem.l	(%sp)+,%d0/%a0
	rte

/* bus error: make VA+0x3000 writable, flush it, run the write again. */
fix_wp:
	movem.l	%d0/%a0,-(%sp)
	lea	8(%sp),%a0
	bsr	copy_frame
	move.l	#P3+1,TB_B+3*4
	lea	VA+0x3000,%a0
	pflush	#5,#7,(%a0)
	addq.l	#1,fix_count
	movem.l	(%sp)+,%d0/%a0
	rte

/* 96 bytes from a0 to frame_save (a0, d0 clobbered) */
copy_frame:
	move.l	%a1,-(%sp)
	lea	frame_save,%a1
	moveq	#23,%d0
1:	move.l	(%a0)+,(%a1)+
	dbf	%d0,1b
	move.l	(%sp)+,%a1
	rts

banner:		.asciz	"wirewrap m68k 68030 PMMU test firmware\r\n"
msg_pmove:	.asciz	"pmove ok\r\n"
msg_on:		.asciz	"translation on ok\r\n"
msg_walk:	.asciz	"table walk ok\r\n"
msg_ptest:	.asciz	"ptest ok\r\n"
msg_berr:	.asciz	"bus error frames ok\r\n"
msg_atc:	.asciz	"atc ok\r\n"
msg_cfg:	.asciz	"limit and configuration ok\r\n"
	.even
