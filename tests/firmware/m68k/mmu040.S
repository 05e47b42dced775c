/* mmu040.S — 68040 MMU and FPU test firmware for machines/test/m68k-32.xml
 * (-p model=m68040 -p fw=mmu040). Sources: 040UM §3 (tables, TC, URP/SRP,
 * transparent translation, ATCs, MMUSR), §8.4.6 (the access-error frame,
 * format $7, and its write-backs), §9 (the FPU's unimplemented
 * instructions, format $2), PRM PFLUSH/PTEST/MOVE16 (MC68040).
 *
 * Translation: TC = E, 4K pages; URP = SRP = TB_ROOT. DTT0/ITT0 map
 * 0x00xxxxxx transparently (ROM, RAM), DTT1 the UART. Test pages at
 * 0x40000000 + n*4K (root 0x20 -> pointer 0 -> TB_PAGE):
 *   0 -> P0   1 -> indirect -> P1   2 invalid   3 -> P3 write-protected
 *   4 -> P2 supervisor only   5 -> P4 global   6 invalid (instruction fetch)
 * and 0x42000000: a pointer table outside memory (bus error in the walk).
 * Tests: MOVEC round trips of the MMU registers; translation, indirection,
 * U and M; PTEST (R, W, M, S, G, T, B); access errors with the exact
 * format $7 frames — a read restarted by RTE after the handler maps the
 * page, a write completed by the handler from WB3 (the PC names the next
 * instruction), a user access to a supervisor page, an instruction fetch,
 * a bus error outside the MMU; PFLUSH vs PFLUSHN on a global entry;
 * MOVE16; the FPU's unimplemented-instruction exception (format $2) with a
 * memory operand. */
#include "common.inc"

	.equ	TB_ROOT, RAM + 0x10000      /* 128 x 4, 512-aligned */
	.equ	TB_PTR, RAM + 0x10200       /* 128 x 4 */
	.equ	TB_PAGE, RAM + 0x10400      /* 64 x 4, 256-aligned */
	.equ	TB_IND, RAM + 0x10500
	.equ	P0, RAM + 0x80000
	.equ	P1, RAM + 0x81000
	.equ	P2, RAM + 0x82000
	.equ	P3, RAM + 0x83000
	.equ	P4, RAM + 0x84000
	.equ	VA, 0x40000000
	.equ	VBAD, 0x42000000
	.equ	TT_LOW, 0x0000c000          /* 00xxxxxx, E, both modes */
	.equ	TT_UART, 0xf000c040         /* F0xxxxxx, E, both, cache-inhibited */

main:
	/* --- MOVEC round trips ------------------------------------------------- */
	move.l	#0x12345678,%d3
	movec	%d3,%urp
	movec	%urp,%d4
	EXPECT	%d4, 0x12345600, 0x0101     /* 512-byte aligned */
	movec	%d3,%srp
	movec	%srp,%d4
	EXPECT	%d4, 0x12345600, 0x0102
	move.l	#0xffffffff,%d3
	movec	%d3,%itt1
	movec	%itt1,%d4
	EXPECT	%d4, 0xffffe364, 0x0103
	movec	%d3,%dtt1
	movec	%dtt1,%d4
	EXPECT	%d4, 0xffffe364, 0x0104
	move.l	#0x4000,%d3                 /* P without E */
	movec	%d3,%tc
	movec	%tc,%d4
	EXPECT	%d4, 0x4000, 0x0105
	movec	%d3,%mmusr
	movec	%mmusr,%d4
	EXPECT	%d4, 0x4000, 0x0106
	OK	msg_movec

	/* --- tables -------------------------------------------------------------- */
	lea	TB_ROOT,%a0
	move.w	#(0x600)/4-1,%d0
1:	clr.l	(%a0)+
	dbf	%d0,1b
	move.l	#TB_PTR+2,TB_ROOT+0x20*4
	move.l	#0x00f00002,TB_ROOT+0x21*4  /* VBAD: pointer table outside memory */
	move.l	#TB_PAGE+2,TB_PTR
	move.l	#P0+1,TB_PAGE+0*4
	move.l	#TB_IND+2,TB_PAGE+1*4
	move.l	#P1+1,TB_IND
	move.l	#P3+5,TB_PAGE+3*4           /* W */
	move.l	#P2+0x81,TB_PAGE+4*4        /* S */
	move.l	#P4+0x401,TB_PAGE+5*4       /* G */
	move.l	#0x11111111,P0
	move.l	#0x22222222,P1
	move.l	#0x33333333,P2
	move.l	#0x44444444,P3
	move.l	#0x55555555,P4
	move.l	#TT_LOW,%d3
	movec	%d3,%dtt0
	movec	%d3,%itt0
	move.l	#TT_UART,%d3
	movec	%d3,%dtt1
	moveq	#0,%d3
	movec	%d3,%itt1
	move.l	#TB_ROOT,%d3
	movec	%d3,%urp
	movec	%d3,%srp
	pflusha
	move.l	#0x8000,%d3
	movec	%d3,%tc
	OK	msg_on

	/* --- translation, indirection, U/M -------------------------------------- */
	EXPECT	VA, 0x11111111, 0x0201
	EXPECT	VA+0x1000, 0x22222222, 0x0202
	move.l	#0x66666666,VA
	EXPECT	P0, 0x66666666, 0x0203
	EXPECT	TB_PAGE+0*4, P0+0x19, 0x0204     /* U M */
	EXPECT	TB_IND, P1+0x09, 0x0205          /* U, through the indirect one */
	EXPECT	TB_PAGE+1*4, TB_IND+2, 0x0206
	EXPECT	TB_ROOT+0x20*4, TB_PTR+0x0a, 0x0207
	EXPECT	TB_PTR, TB_PAGE+0x0a, 0x0208
	OK	msg_walk

	/* --- PTEST (function code from DFC) ------------------------------------------ */
	moveq	#5,%d3
	movec	%d3,%dfc
	lea	VA,%a2
	ptestr	(%a2)
	movec	%mmusr,%d4
	EXPECT	%d4, P0+0x11, 0x0301        /* PA, M, R */
	lea	VA+0x2000,%a2
	ptestr	(%a2)
	movec	%mmusr,%d4
	EXPECT	%d4, 0, 0x0302              /* not resident */
	lea	VA+0x3000,%a2
	ptestw	(%a2)
	movec	%mmusr,%d4
	EXPECT	%d4, P3+0x05, 0x0303        /* W R */
	lea	VA+0x4000,%a2
	ptestr	(%a2)
	movec	%mmusr,%d4
	EXPECT	%d4, P2+0x81, 0x0304        /* S R */
	lea	VA+0x5000,%a2
	ptestr	(%a2)
	movec	%mmusr,%d4
	EXPECT	%d4, P4+0x401, 0x0305       /* G R */
	lea	RAM+0x1234,%a2
	ptestr	(%a2)
	movec	%mmusr,%d4
	EXPECT	%d4, RAM+0x1003, 0x0306     /* T R: transparent */
	lea	VBAD,%a2
	ptestr	(%a2)
	movec	%mmusr,%d4
	EXPECT	%d4, 0x800, 0x0307          /* B */
	OK	msg_ptest

	/* --- access errors ------------------------------------------------------------ */
	SETVEC	2, fix_read
	clr.l	fix_count
	lea	VA+0x2000,%a2
rd_at:	move.l	(%a2),%d3
	EXPECT	fix_count, 1, 0x0401
	EXPECT	%d3, 0x33333333, 0x0402     /* restarted: P2 */
	EXPECTW	F_FV, 0x7008, 0x0403
	EXPECTW	frame_save+0x0c, 0x0505, 0x0404   /* RW ATC long TM5 */
	EXPECT	frame_save+0x14, VA+0x2000, 0x0405
	EXPECT	F_PC, rd_at, 0x0406

	SETVEC	2, fix_write
	clr.l	fix_count
	moveq	#0,%d5
	lea	VA+0x3000,%a2
	move.l	#0x77777777,%d3
	move.l	%d3,(%a2)                   /* write-protected: the write waits */
wr_next: addq.l	#1,%d5                      /* runs once: the PC is after the write */
	EXPECT	fix_count, 1, 0x0407
	EXPECT	%d5, 1, 0x0408
	EXPECT	P3, 0x77777777, 0x0409      /* the handler did the write-back */
	EXPECTW	F_FV, 0x7008, 0x040a
	EXPECTW	frame_save+0x0c, 0x0405, 0x040b   /* ATC, write, long, TM5 */
	EXPECTW	frame_save+0x0e, 0x0085, 0x040c   /* WB3S: valid, long, TM5 */
	EXPECT	frame_save+0x18, VA+0x3000, 0x040d /* WB3A */
	EXPECT	frame_save+0x1c, 0x77777777, 0x040e /* WB3D */
	EXPECT	frame_save+0x14, VA+0x3000, 0x040f
	EXPECT	F_PC, wr_next, 0x0410
	SETVEC	2, capture

	move.l	#USP_TOP,%a0
	move.l	%a0,%usp
	TRY	1f
	clr.w	-(%sp)
	pea	user_code
	clr.w	-(%sp)
	rte
1:	EXPECT	caught, 2, 0x0411
	EXPECTW	frame_save+0x0c, 0x0501, 0x0412   /* RW ATC TM1 */
	EXPECT	frame_save+0x14, VA+0x4000, 0x0413
	EXPECT	F_PC, user_at, 0x0414

	TRY	1f
	jmp	VA+0x6000
	NOFAULT	0x0415
1:	EXPECT	caught, 2, 0x0416
	EXPECTW	frame_save+0x0c, 0x0546, 0x0417   /* RW ATC word TM6 */
	EXPECT	frame_save+0x14, VA+0x6000, 0x0418
	EXPECT	F_PC, VA+0x6000, 0x0419

	TRY	1f
	move.l	RAM+0x700000,%d3            /* transparent, nothing there */
	NOFAULT	0x041a
1:	EXPECT	caught, 2, 0x041b
	EXPECTW	frame_save+0x0c, 0x0105, 0x041c   /* RW TM5, no ATC */
	EXPECT	frame_save+0x14, RAM+0x700000, 0x041d

	TRY	1f
	move.l	VBAD,%d3
	NOFAULT	0x041e
1:	EXPECT	caught, 2, 0x041f
	EXPECTW	frame_save+0x0c, 0x0505, 0x0420
	OK	msg_access

	/* --- global entries: PFLUSHN keeps them ---------------------------------- */
	EXPECT	VA+0x5000, 0x55555555, 0x0501   /* ATC entry, global */
	move.l	#P0+0x401,TB_PAGE+5*4
	lea	VA+0x5000,%a2
	pflushn	(%a2)
	EXPECT	VA+0x5000, 0x55555555, 0x0502
	pflushan
	EXPECT	VA+0x5000, 0x55555555, 0x0503
	pflush	(%a2)
	EXPECT	VA+0x5000, 0x66666666, 0x0504   /* P0 now */
	move.l	#P4+0x401,TB_PAGE+5*4
	pflusha
	EXPECT	VA+0x5000, 0x55555555, 0x0505
	OK	msg_global

	/* --- MOVE16 ----------------------------------------------------------------- */
	lea	m16_src,%a0
	lea	scratch+0x30,%a1
	move.l	%a1,%d3
	and.l	#0xfffffff0,%d3
	move.l	%d3,%a1
	move.l	%a1,%a3
	move16	(%a0)+,(%a1)+
	EXPECT	%a0, m16_src+16, 0x0601
	EXPECT	(%a3), 0x01020304, 0x0602
	EXPECT	12(%a3), 0x0d0e0f10, 0x0603
	OK	msg_move16

	/* --- FPU: unimplemented instruction with a memory operand --------------------- */
	lea	fp_data,%a3
	TRY	1f
fsin_at: fsin.d	(%a3),%fp1
fsin_next:
	NOFAULT	0x0701
1:	EXPECT	caught, 11, 0x0702
	EXPECTW	F_FV, 0x202c, 0x0703              /* format $2, line F */
	EXPECT	F_PC, fsin_next, 0x0704
	EXPECT	frame_save+8, fp_data, 0x0705     /* EA */
	fmove.l	%fpiar,%d4
	EXPECT	%d4, fsin_at, 0x0706              /* FPIAR: the instruction */
	EXPECT	%a3, fp_data, 0x0707
	/* FSAVE: the "unimp" frame an FPSP reads (fpsp040/fpsp.h): the command
	 * word (fsin.d (a3),fp1) and the source as extended in ETEMP. */
	lea	scratch,%a0
	fsave	(%a0)
	EXPECT	scratch, 0x41300000, 0x0709
	EXPECTW	scratch+16, 0x548e, 0x070a        /* CMDREG1B */
	EXPECT	scratch+40, 0x40020000, 0x070b    /* ETEMP: 9.0 */
	EXPECT	scratch+44, 0x90000000, 0x070c
	fsave	(%a0)
	EXPECT	scratch, 0x41000000, 0x070d       /* idle after the first */
	fmove.d	(%a3),%fp0                  /* FMOVE and FSQRT are the 040's own */
	fsqrt.x	%fp0
	fmove.l	%fp0,%d4
	EXPECT	%d4, 3, 0x0708
	OK	msg_fpu

	moveq	#0,%d3
	movec	%d3,%tc
	bra	done

user_code:
user_at: move.l	VA+0x4000,%d3
	NOFAULT	0x0800

/* access error on a read: map the page, flush it, restart the instruction. */
fix_read:
	movem.l	%d0/%a0,-(%sp)
	lea	8(%sp),%a0
	bsr	copy_frame
	move.l	#P2+1,TB_PAGE+2*4
	lea	VA+0x2000,%a0
	pflush	(%a0)
	addq.l	#1,fix_count
	movem.l	(%sp)+,%d0/%a0
	rte

/* access error on a write: make the page writable, do the write-back from
 * WB3, return after the instruction. */
fix_write:
	movem.l	%d0/%a0,-(%sp)
	lea	8(%sp),%a0
	bsr	copy_frame
	move.l	#P3+1,TB_PAGE+3*4
	lea	VA+0x3000,%a0
	pflush	(%a0)
	move.l	8+0x18(%sp),%a0             /* WB3A */
	move.l	8+0x1c(%sp),(%a0)           /* WB3D */
	addq.l	#1,fix_count
	movem.l	(%sp)+,%d0/%a0
	rte

copy_frame:
	move.l	%a1,-(%sp)
	lea	frame_save,%a1
	moveq	#23,%d0
1:	move.l	(%a0)+,(%a1)+
	dbf	%d0,1b
	move.l	(%sp)+,%a1
	rts

	.balign	16
m16_src: .long	0x01020304, 0x05060708, 0x090a0b0c, 0x0d0e0f10
fp_data: .double 9.0

banner:		.asciz	"wirewrap m68k 68040 MMU test firmware\r\n"
msg_movec:	.asciz	"movec ok\r\n"
msg_on:		.asciz	"translation on ok\r\n"
msg_walk:	.asciz	"table walk ok\r\n"
msg_ptest:	.asciz	"ptest ok\r\n"
msg_access:	.asciz	"access error frames ok\r\n"
msg_global:	.asciz	"global ok\r\n"
msg_move16:	.asciz	"move16 ok\r\n"
msg_fpu:	.asciz	"fpu unimplemented ok\r\n"
	.even
