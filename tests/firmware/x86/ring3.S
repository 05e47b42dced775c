/* tests/firmware/x86/ring3.S — privilege transitions (64 KiB ROM image,
 * pentium-pro). Sources: SDM vol. 3 §6.12.1 (interrupt to inner privilege:
 * stack from the TSS, old SS:ESP pushed), §5.8.6 / IRET (return to outer
 * privilege nulls data segment registers the new CPL may not use), §4.6
 * (user access to a supervisor page: #PF error code U|P), HLT at CPL 3: #GP(0).
 * Results:
 *   [0x650] DS in ring 3 right after IRET (expect 0: nulled)
 *   [0x620] CPL of the code INT 0x80 came from (3), [0x624] handler CPL (0)
 *   [0x628] SS and [0x62C] ESP pushed by the ring transition (0x23, 0x80000)
 *   [0x630] 14, [0x634] #PF error code (5), [0x638] CR2 (0x400000)
 *   [0x640] 13, [0x644] #GP error code (0), [0x648] CPL it came from (3)
 *   [0x600] 0x0D0E at the end
 */
#define RESUME 0x700
#define PD 0x10000

#include "pm_entry.inc"
    tss_load 0x28                    /* the ring 0 stack */
    /* Paging: 0-4 MiB user pages, 4-8 MiB supervisor only. */
    movl $0x00000087, PD
    movl $0x00000083, PD+4
    paging_on PD
    /* IRET to ring 3. */
    pushl $0x23
    pushl $0x80000
    pushfl
    pushl $0x1B
    pushl $ring3
    iret

ring3:
    movl %ds, %eax
    movw $0x23, %bx
    movw %bx, %ds
    movw %bx, %es
    movl %eax, 0x650
    movl $1, %eax
    int $0x80
    movl $r3_pf_done, RESUME
    movl 0x400000, %eax
r3_pf_done:
    hlt                              /* #GP(0) at CPL 3; the handler ends the test */
1:  jmp 1b

h_syscall:                           /* trap gate, DPL 3 */
    movl 4(%esp), %eax
    andl $3, %eax
    movl %eax, 0x620
    movw %cs, %ax
    andl $3, %eax
    movl %eax, 0x624
    movl 16(%esp), %eax
    movl %eax, 0x628
    movl 12(%esp), %eax
    movl %eax, 0x62C
    iret
h_pf:
    movl $14, 0x630
    popl 0x634
    movl %cr2, %eax
    movl %eax, 0x638
    movl RESUME, %eax
    movl %eax, (%esp)
    iret
h_gp:
    movl $13, 0x640
    popl 0x644
    movl 4(%esp), %eax
    andl $3, %eax
    movl %eax, 0x648
    movl $0x0D0E, 0x600
    hlt
2:  jmp 2b

    gdt_begin                       /* 0x08 ring 0 code, 0x10 ring 0 data */
    ring3_descs                     /* 0x18 ring 3 code, 0x20 data, 0x28 TSS */
    gdt_end

    idt_gp_pf_int80 h_gp, h_pf, h_syscall

    reset_vector
