/* tests/firmware/x86/bigreal.S — big real mode proof (64 KiB ROM image).
 *
 * From reset: load a GDT, enter protected mode, load ES with a flat 4 GiB
 * data descriptor, return to real mode, reload ES with 0 (a real-mode load
 * changes only selector and base: the 4 GiB limit stays in the descriptor
 * cache, SDM vol. 3 §9.9.2 / "unreal mode"), then write and read back a
 * dword at 2 MiB through ES. FS was never loaded in protected mode, so the
 * same access through FS must raise #GP (INT 13, real-mode limit 0xFFFF).
 * Results (read by tests/cpu/x86/firmware.c):
 *   [0x500] dword read back from ES:[0x200000]   (expect 0xB16B00B5)
 *   [0x504] 0x0D0E when the program finished
 *   [0x508] 13 if the FS access faulted with #GP
 */
#include "pm_common.inc"
    reset_entry
    movw $0xF000, %ax
    movw %ax, %ds
    lgdtl gdt_ptr
    movl %cr0, %eax
    orl $1, %eax
    movl %eax, %cr0
    movw $0x08, %bx
    movw %bx, %es                   /* protected mode: ES = 4 GiB flat data */
    andl $0xFFFFFFFE, %eax
    movl %eax, %cr0                 /* back to real mode */
    xorw %ax, %ax
    movw %ax, %es                   /* real-mode load: base 0, limit kept */
    movw $gp_handler, %es:(13*4)    /* IVT[13] = F000:gp_handler */
    movw $0xF000, %es:(13*4+2)
    movl $0x200000, %ebx
    addr32 movl $0xB16B00B5, %es:(%ebx)
    addr32 movl %es:(%ebx), %eax
    movl %eax, %es:0x500
    xorw %ax, %ax
    movw %ax, %fs                   /* FS: reset cache, limit 0xFFFF */
    addr32 movl %fs:(%ebx), %ecx    /* must fault */
after:
    movl $0x0D0E, %es:0x504
    hlt
    jmp after

gp_handler:
    movl $13, %es:0x508
    movw %sp, %bp
    movw $after, (%bp)              /* resume after the faulting instruction */
    iret

    .p2align 3
gdt:
    .quad 0
    .quad 0x00CF93000000FFFF        /* 0x08: data, base 0, limit 4 GiB, writable */
    gdt_end

    reset_vector
