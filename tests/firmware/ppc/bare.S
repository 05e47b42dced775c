# tests/firmware/ppc/bare.S — test firmware for machines/test/ppc-bare.xml.
#
# Runs from ROM at 0xFFF00000 (reset vector 0xFFF00100, MSR[IP] = 1 so the
# exception vectors are in this ROM too). Prints a banner on the 16550 at
# 0xF0000000, then proves, printing one PASS line each:
#   1. a page-table-mapped access: a hashed page table at 0x00100000 maps EA
#      0x10000000 (SR1, VSID 1) to PA 0x00200000; a load sees what real mode
#      stored there, a store lands there, and the PTE's R and C bits get set;
#   2. a DSI with the right DSISR/DAR: a load from an unmapped EA (no PTE:
#      DSISR 0x40000000) and a store to a read-only page (PP = 11: DSISR
#      0x0A000000), DAR = the EA each time;
#   3. a decrementer interrupt (vector 0x900) after mtdec with MSR[EE] set.
# Then "ALL PASS" and it sleeps (MSR[POW]). MPCFPE32B chapters 6-7 for the
# formats. The 604e/750 search the page table in hardware; for the 603e the
# firmware brings its own TLB-miss handlers (0x1100/0x1200).
# Assembled with powerpc-linux-gnu-as -mregnames -m603, linked at 0xFFF00000.

        .set UART,      0xF0000000      # 16550: THR 0, LSR 5
        .set HTAB,      0x00100000      # 64 KiB hashed page table (HTABMASK 0)
        .set PAGE_PA,   0x00200000
        .set RO_PA,     0x00201000
        .set VADDR,     0x10000000      # SR1: mapped to PAGE_PA, PP=10 (read/write)
        .set BADADDR,   0x20000000      # SR2: no PTE
        .set ROADDR,    0x30000000      # SR3: mapped to RO_PA, PP=11 (read-only)
        .set VARS,      0x00001000      # 0 DSISR, 4 DAR, 8 DEC flag, 12 DSI count
        .set STACK,     0x00007ff0

        .text
        .globl _start
_start:
        .org 0x100                      # system reset
        b start

        .org 0x200
        li r30, 0x200
        b unexpected

        .org 0x300                      # DSI: record DSISR/DAR, skip the access
dsi:
        mtsprg0 r3
        mtsprg1 r4
        li r3, VARS
        mfdsisr r4
        stw r4, 0(r3)
        mfdar r4
        stw r4, 4(r3)
        lwz r4, 12(r3)
        addi r4, r4, 1
        stw r4, 12(r3)
        mfsrr0 r4
        addi r4, r4, 4
        mtsrr0 r4
        mfsprg1 r4
        mfsprg0 r3
        rfi

        .org 0x400
        li r30, 0x400
        b unexpected
        .org 0x500
        li r30, 0x500
        b unexpected
        .org 0x600
        li r30, 0x600
        b unexpected
        .org 0x700
        li r30, 0x700
        b unexpected
        .org 0x800
        li r30, 0x800
        b unexpected

        .org 0x900                      # decrementer: set the flag, push DEC far out
        mtsprg0 r3
        mtsprg1 r4
        li r3, VARS
        li r4, 1
        stw r4, 8(r3)
        lis r4, 0x7fff
        mtdec r4
        mfsprg1 r4
        mfsprg0 r3
        rfi

        .org 0xc00
        li r30, 0xc00
        b unexpected

        # 603e: software table search (603e UM §5.5.2). r0-r3 are the TGPR
        # shadow registers here; CR0 is saved in SRR1[0-3] and CTR is ours to
        # save. A hit sets R (and C for a store), loads the TLB with tlbld
        # and returns; a miss turns into a DSI with the DSISR/DAR a 604/750
        # would have made.
        .org 0x1000                     # instruction TLB miss: all code is in IBAT0
        li r30, 0x1000
        b unexpected
        .org 0x1100                     # data TLB miss on load
        b dtlb_miss
        .org 0x1200                     # data TLB miss on store (or C bit clear)
dtlb_miss:
        mfctr r0
        mfspr r2, 978                   # HASH1: primary PTEG
        mfspr r3, 977                   # DCMP: V | VSID | API, H = 0
        li r1, 8
        mtctr r1
1:      lwz r1, 0(r2)
        cmpw r1, r3
        beq 3f
        addi r2, r2, 8
        bdnz 1b
        mfspr r2, 979                   # HASH2: secondary PTEG
        ori r3, r3, 0x40                # H = 1
        li r1, 8
        mtctr r1
2:      lwz r1, 0(r2)
        cmpw r1, r3
        beq 3f
        addi r2, r2, 8
        bdnz 2b
        mtctr r0                        # not in the table: DSI
        mfspr r3, 27                    # SRR1: bit 16 = store
        rlwinm r3, r3, 9, 6, 6          # -> DSISR bit 6 (0x02000000)
        oris r3, r3, 0x4000             # not found
        mtspr 18, r3                    # DSISR
        mfspr r3, 976                   # DMISS
        mtspr 19, r3                    # DAR
        mfspr r3, 27
        mtcrf 0x80, r3                  # CR0 back
        mfmsr r3
        rlwinm r3, r3, 0, 15, 13        # TGPR off: the program's r0-r3 return
        mtmsr r3
        b dsi
3:      lwz r1, 4(r2)                   # PTE word 1
        ori r1, r1, 0x100               # R
        mfspr r3, 27
        andis. r3, r3, 0x0001           # store?
        beq 4f
        ori r1, r1, 0x80                # C
4:      stw r1, 4(r2)
        mtspr 982, r1                   # RPA
        mfspr r3, 976                   # DMISS
        tlbld r3
        mtctr r0
        mfspr r3, 27
        mtcrf 0x80, r3
        rfi

        .org 0x2000
# ---- helpers (leaf; r3 argument, r4-r7 scratch) -----------------------------
uart_init:
        lis r7, UART@h
        li r4, 0x83
        stb r4, 3(r7)                   # LCR: DLAB
        li r4, 1
        stb r4, 0(r7)                   # DLL
        li r4, 0
        stb r4, 1(r7)                   # DLM
        li r4, 0x03
        stb r4, 3(r7)                   # LCR: 8N1
        li r4, 0x07
        stb r4, 2(r7)                   # FCR: FIFOs on, reset
        li r4, 0x03
        stb r4, 4(r7)                   # MCR: DTR RTS
        blr

puts:                                   # r3 = NUL-terminated string
        lis r7, UART@h
1:      lbz r5, 0(r3)
        cmpwi r5, 0
        beqlr
2:      lbz r6, 5(r7)                   # LSR.THRE
        andi. r6, r6, 0x20
        beq 2b
        stb r5, 0(r7)
        addi r3, r3, 1
        b 1b

puthex:                                 # r3 = value, 8 hex digits
        lis r7, UART@h
        li r4, 8
        mtctr r4
1:      rlwinm r3, r3, 4, 0, 31
        andi. r5, r3, 0xf
        cmpwi r5, 10
        blt 2f
        addi r5, r5, 'A' - 10 - '0'
2:      addi r5, r5, '0'
3:      lbz r6, 5(r7)
        andi. r6, r6, 0x20
        beq 3b
        stb r5, 0(r7)
        bdnz 1b
        blr

# ---- main ---------------------------------------------------------------------
start:
        li r1, STACK
        li r3, VARS
        li r0, 0
        stw r0, 0(r3)
        stw r0, 4(r3)
        stw r0, 8(r3)
        stw r0, 12(r3)
        bl uart_init
        lis r3, banner@ha
        addi r3, r3, banner@l
        bl puts
        mfpvr r3
        bl puthex
        lis r3, nl@ha
        addi r3, r3, nl@l
        bl puts

        # -- hashed page table -------------------------------------------------
        lis r3, HTAB@h                  # clear 64 KiB
        li r4, 0
        lis r5, 0
        ori r5, r5, 16384
        mtctr r5
1:      stw r4, 0(r3)
        addi r3, r3, 4
        bdnz 1b
        lis r3, HTAB@h
        mtsdr1 r3                       # HTABORG 0x00100000, HTABMASK 0
        li r3, 0                        # SR[n] = VSID n, Ks = Kp = 0
        li r4, 0
        li r5, 16
        mtctr r5
1:      mtsrin r4, r3
        addi r4, r4, 1
        addis r3, r3, 0x1000
        bdnz 1b
        # PTE for VADDR: hash = VSID 1 ^ page index 0 = 1 -> PTEG HTAB + 0x40
        lis r3, HTAB@h
        lis r4, 0x8000
        ori r4, r4, 0x0080              # V | VSID 1 << 7 | H 0 | API 0
        stw r4, 0x40(r3)
        lis r4, PAGE_PA@h
        ori r4, r4, 0x0002              # RPN | PP = 10
        stw r4, 0x44(r3)
        # PTE for ROADDR: VSID 3 -> PTEG HTAB + 0xC0, PP = 11 (read-only)
        lis r4, 0x8000
        ori r4, r4, 0x0180
        stw r4, 0xc0(r3)
        lis r4, RO_PA@h
        ori r4, r4, 0x1003              # RPN 0x00201000 | PP = 11
        stw r4, 0xc4(r3)
        # a value for the mapped load to find
        lis r3, PAGE_PA@h
        lis r4, 0xcafe
        ori r4, r4, 0xf00d
        stw r4, 0(r3)
        li r4, 0
        stw r4, 4(r3)

        # -- BATs: ROM (instructions and data), UART, the first MiB of RAM --------
        li r4, 0
        mtspr 528, r4
        mtspr 530, r4
        mtspr 532, r4
        mtspr 534, r4
        mtspr 536, r4
        mtspr 538, r4
        mtspr 540, r4
        mtspr 542, r4
        lis r4, 0xfff0
        ori r4, r4, 0x0002              # BEPI 0xFFF00000, BL 128 KiB, Vs
        lis r5, 0xfff0
        ori r5, r5, 0x0001              # BRPN 0xFFF00000, PP = 01 (read-only)
        mtspr 529, r5                   # IBAT0L
        mtspr 528, r4                   # IBAT0U
        mtspr 541, r5                   # DBAT2L
        mtspr 540, r4                   # DBAT2U
        lis r4, 0xf000
        ori r4, r4, 0x0002
        lis r5, 0xf000
        ori r5, r5, 0x002a              # I | G, PP = 10
        mtspr 537, r5                   # DBAT0L
        mtspr 536, r4                   # DBAT0U
        li r4, 0x001e                   # BEPI 0, BL 1 MiB, Vs
        li r5, 0x0002                   # BRPN 0, PP = 10
        mtspr 539, r5                   # DBAT1L
        mtspr 538, r4                   # DBAT1U

        # -- translation on ---------------------------------------------------------
        mfmsr r3
        ori r3, r3, 0x0030              # IR | DR
        mtsrr1 r3
        lis r3, virt@ha
        addi r3, r3, virt@l
        mtsrr0 r3
        rfi
virt:
        lis r3, VADDR@h
        lwz r4, 0(r3)                   # through the page table
        lis r5, 0xcafe
        ori r5, r5, 0xf00d
        cmpw r4, r5
        bne fail_pt
        lis r5, 0x1234
        ori r5, r5, 0x5678
        stw r5, 4(r3)

        # -- DSI: unmapped load, read-only store --------------------------------------
        lis r3, BADADDR@h
        lwz r4, 0x24(r3)                # no PTE: DSI, handler skips it
        li r6, VARS
        lwz r4, 0(r6)                   # DSISR
        lis r5, 0x4000
        cmpw r4, r5
        bne fail_dsi
        lwz r4, 4(r6)                   # DAR
        addi r5, r3, 0x24
        cmpw r4, r5
        bne fail_dsi
        lis r3, pass_dsi_ld@ha          # printed with translation on (BATs)
        addi r3, r3, pass_dsi_ld@l
        bl puts
        li r6, VARS
        lwz r3, 0(r6)
        bl puthex
        lis r3, dar_txt@ha
        addi r3, r3, dar_txt@l
        bl puts
        li r6, VARS
        lwz r3, 4(r6)
        bl puthex
        lis r3, nl@ha
        addi r3, r3, nl@l
        bl puts
        li r6, VARS
        lis r3, ROADDR@h
        lwz r4, 8(r3)                   # readable
        stw r4, 8(r3)                   # protection: DSI
        lwz r4, 0(r6)
        lis r5, 0x0a00
        cmpw r4, r5
        bne fail_dsi
        lwz r4, 4(r6)
        addi r5, r3, 8
        cmpw r4, r5
        bne fail_dsi
        lwz r4, 12(r6)
        cmpwi r4, 2
        bne fail_dsi

        # -- back to real mode: check the store and the R/C bits -------------------------
        mfmsr r3
        rlwinm r3, r3, 0, 28, 25        # clear IR | DR
        mtmsr r3
        isync
        lis r3, PAGE_PA@h
        lwz r4, 4(r3)
        lis r5, 0x1234
        ori r5, r5, 0x5678
        cmpw r4, r5
        bne fail_pt
        lis r3, HTAB@h
        lwz r4, 0x44(r3)
        andi. r4, r4, 0x0180            # R | C
        cmpwi r4, 0x0180
        bne fail_pt
        lis r3, pass_pt@ha
        addi r3, r3, pass_pt@l
        bl puts
        lis r3, pass_dsi@ha
        addi r3, r3, pass_dsi@l
        bl puts
        li r6, VARS
        lwz r3, 0(r6)
        bl puthex
        lis r3, dar_txt@ha
        addi r3, r3, dar_txt@l
        bl puts
        li r6, VARS
        lwz r3, 4(r6)
        bl puthex
        lis r3, nl@ha
        addi r3, r3, nl@l
        bl puts

        # -- decrementer ---------------------------------------------------------------
        li r3, 1000
        mtdec r3
        mfmsr r3
        ori r3, r3, 0x8000              # EE
        mtmsr r3
        lis r5, 0x0100                  # give up after 16M polls
        mtctr r5
        li r6, VARS
1:      lwz r4, 8(r6)
        cmpwi r4, 1
        beq 2f
        bdnz 1b
        b fail_dec
2:      mfmsr r3
        rlwinm r3, r3, 0, 17, 15        # EE off
        mtmsr r3
        lis r3, pass_dec@ha
        addi r3, r3, pass_dec@l
        bl puts

        lis r3, all_pass@ha
        addi r3, r3, all_pass@l
        bl puts
sleep:
        mfmsr r3
        oris r3, r3, 0x0004             # POW
        mtmsr r3
        b sleep

fail_pt:
        lis r3, fail_pt_txt@ha
        addi r3, r3, fail_pt_txt@l
        b die
fail_dsi:
        lis r3, fail_dsi_txt@ha
        addi r3, r3, fail_dsi_txt@l
        b die
fail_dec:
        lis r3, fail_dec_txt@ha
        addi r3, r3, fail_dec_txt@l
        b die
unexpected:
        mfmsr r3
        rlwinm r3, r3, 0, 28, 25        # real mode for printing
        mtmsr r3
        isync
        lis r3, unexp_txt@ha
        addi r3, r3, unexp_txt@l
        bl puts
        mr r3, r30
        bl puthex
        lis r3, nl@ha
        addi r3, r3, nl@l
die:
        bl puts
        b sleep

        .section .rodata
banner:      .asciz "wirewrap ppc-bare test firmware, PVR "
nl:          .asciz "\r\n"
pass_pt:     .asciz "PASS: page table mapped access\r\n"
pass_dsi_ld: .asciz "PASS: DSI load DSISR="
pass_dsi:    .asciz "PASS: DSI store DSISR="
dar_txt:     .asciz " DAR="
pass_dec:    .asciz "PASS: decrementer interrupt\r\n"
all_pass:    .asciz "ALL PASS\r\n"
fail_pt_txt: .asciz "FAIL: page table mapped access\r\n"
fail_dsi_txt: .asciz "FAIL: DSI\r\n"
fail_dec_txt: .asciz "FAIL: decrementer\r\n"
unexp_txt:   .asciz "FAIL: unexpected exception "
