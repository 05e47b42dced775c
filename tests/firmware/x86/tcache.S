/* tests/firmware/x86/tcache.S — code whose meaning changes without a write to
 * its bytes, for the decoded-block cache (cpu/x86/tc.c; issue 17): the same
 * linear address mapped to other code by a PTE change with INVLPG, by a CR3
 * load of another page directory and back by a CR3 reload, and the same
 * bytes run as 16-bit and as 32-bit code (CS.D). Every result must be what
 * the uncached interpreter gives (tests/cpu/x86/firmware.c checks the
 * values, tests/cpu/x86/lockstep.c both engines instruction for instruction).
 * Results (dwords):
 *   [0x700] call through linear 0x800000 -> routine A at phys 0x100000: 1
 *   [0x704] PTE -> routine B at 0x101000, INVLPG:                       2
 *   [0x708] PTE -> A again, CR3 reloaded:                               1
 *   [0x70C] CR3 = a second directory mapping 0x800000 to B:             2
 *   [0x710] CR3 = the first directory:                                  1
 *   [0x714] `dual` as 16-bit code (xor ax,ax; mov ax,1234h; nop; nop)   0xFFFF1234
 *   [0x718] `dual` as 32-bit code (xor eax,eax; mov eax,90901234h)      0x90901234
 *   [0x71C] `dual` as 16-bit code again                                  0xFFFF1234
 * [0x600] = 0x0D0E at the end. */
#define PD 0x10000
#define PT 0x11000
#define PD2 0x12000
#define PT2 0x13000

#include "pm_entry.inc"

    /* A: mov eax, 1; ret.  B: mov eax, 2; ret. */
    movl $0x000001B8, 0x100000
    movw $0xC300, 0x100004
    movl $0x000002B8, 0x101000
    movw $0xC300, 0x101004

    clear_dwords PD, 4096          /* PD, PT, PD2, PT2 */
    movl $0x00000083, PD           /* 0-4 MiB identity (code, stack, tables) */
    movl $(PT | 3), PD+8           /* 8-12 MiB through PT */
    movl $(0x100000 | 3), PT
    movl $0x00000083, PD2
    movl $(PT2 | 3), PD2+8
    movl $(0x101000 | 3), PT2
    paging_on PD
    jmp 1f
1:
    movl $(0x800000 - 0xF0000), %ebx   /* CS base is 0xF0000 */
    call *%ebx                     /* the first walks the tables, */
    call *%ebx                     /* the second runs a cached block */
    movl %eax, 0x700
    movl $(0x101000 | 3), PT
    invlpg 0x800000
    call *%ebx                     /* the first walks the tables, */
    call *%ebx                     /* the second runs a cached block */
    movl %eax, 0x704
    movl $(0x100000 | 3), PT
    movl %cr3, %eax
    movl %eax, %cr3
    call *%ebx                     /* the first walks the tables, */
    call *%ebx                     /* the second runs a cached block */
    movl %eax, 0x708
    movl $PD2, %eax
    movl %eax, %cr3
    call *%ebx                     /* the first walks the tables, */
    call *%ebx                     /* the second runs a cached block */
    movl %eax, 0x70C
    movl $PD, %eax
    movl %eax, %cr3
    call *%ebx                     /* the first walks the tables, */
    call *%ebx                     /* the second runs a cached block */
    movl %eax, 0x710

    movl $0xFFFFFFFF, %eax
    lcall $0x28, $dual
    movl %eax, 0x714
    movl $0xFFFFFFFF, %eax
    lcallw $0x08, $dual
    movl %eax, 0x718
    movl $0xFFFFFFFF, %eax
    lcall $0x28, $dual
    movl %eax, 0x71C

    movl $0x0D0E, 0x600
    hlt
2:  jmp 2b

    /* The same bytes in both sizes; 66 CB is a 32-bit far return in 16-bit
     * code (after lcall) and a 16-bit one in 32-bit code (after lcallw). */
dual:
    .byte 0x31, 0xC0, 0xB8, 0x34, 0x12, 0x90, 0x90, 0x66, 0xCB

    gdt_begin
    .quad 0
    .quad 0
    .quad 0x00009B0F0000FFFF        /* 0x28: code 16, base 0xF0000, 64 KiB */
    gdt_end

    .p2align 3
idt:
idt_end:
idt_ptr:
    .word 0
    .long 0

    reset_vector
