/* tests/firmware/x86/pmode.S — protected mode, exceptions and paging
 * (64 KiB ROM image, runs from reset on a pentium-pro model).
 *
 * Enters 32-bit protected mode (code segment base 0xF0000 so offsets are
 * ROM offsets), installs #UD/#GP/#PF handlers that record vector, error
 * code and CR2 and resume at the address in [RESUME]. Each test stores
 * [vector, error, cr2, extra] at 0x610 + 16*n. Sources for the expected
 * values: SDM vol. 3 §6.15 (error codes), §4.3 and §4.7 (paging, #PF
 * error code bits P/W/U), §4.10.4.1 (INVLPG).
 *   n=0 ud2                              -> 6, -1
 *   n=1 mov fs, 0x80 (beyond GDT limit)  -> 13, 0x80
 *   n=2 write via read-only data seg      -> 13, 0
 *   n=3 read past a 4 KiB segment limit   -> 13, 0
 *   n=4 write through a 4 KiB page        -> extra = value seen at the physical page
 *   n=5 write to a not-present page       -> 14, 2, cr2 = 0xC00004
 *   n=6 read through a 4 MiB page         -> extra = value at physical 0x500
 *   n=7 PTE changed + INVLPG, write       -> extra = value at the new physical page
 *   n=8 write to read-only page, CR0.WP=1 -> 14, 3, cr2 = 0x801008
 *   n=9 LSL 0x20 -> 0xFFF, LAR 0x10 -> 0x00CF9300 & 0x00F0FF00, LSL 0 -> ZF=0
 * [0x600] = 0x0D0E at the end.
 */
#define RESUME 0x700
#define SLOT(n) (0x610 + 16 * (n))
#define PD 0x10000
#define PT 0x11000

#include "pm_entry.inc"

/* RECORD(n): copy the handler's last record into slot n, clear it. */
#define RECORD(n) \
    movl 0x604, %eax; movl %eax, SLOT(n); \
    movl 0x608, %eax; movl %eax, SLOT(n)+4; \
    movl 0x60C, %eax; movl %eax, SLOT(n)+8; \
    movl $0, 0x604; movl $0, 0x608; movl $0, 0x60C

    movl $t0_done, RESUME
    ud2
t0_done:
    RECORD(0)

    movl $t1_done, RESUME
    movw $0x80, %ax
    movw %ax, %fs
t1_done:
    RECORD(1)

    movl $t2_done, RESUME
    movw $0x18, %ax
    movw %ax, %gs
    movl $1, %gs:0x800
t2_done:
    RECORD(2)

    movl $t3_done, RESUME
    movw $0x20, %ax
    movw %ax, %fs
    movl %fs:0x1000, %eax
t3_done:
    RECORD(3)

    /* Paging: PD[0] 4 MiB identity, PD[1] 4 MiB -> phys 0, PD[2] -> PT,
     * PT[0] -> 0x100000, PT[1] -> 0x102000 read-only, PD[3] not present. */
    clear_dwords PD, 2048          /* PD and PT */
    movl $0x00000083, PD
    movl $0x00000083, PD+4
    movl $(PT | 3), PD+8
    movl $(0x100000 | 3), PT
    movl $(0x102000 | 1), PT+4
    movl $0x5A5A1234, 0x500
    paging_on PD
    jmp 1f
1:
    movl $0xCAFEBABE, 0x800010
    movl 0x100010, %eax
    movl %eax, SLOT(4)+12

    movl $t5_done, RESUME
    movl $7, 0xC00004
t5_done:
    RECORD(5)

    movl 0x400500, %eax
    movl %eax, SLOT(6)+12

    movl 0x800010, %eax            /* make sure the old mapping is cached */
    movl $(0x101000 | 3), PT
    invlpg 0x800000
    movl $0x11223344, 0x800010
    movl 0x101010, %eax
    movl %eax, SLOT(7)+12

    movl %cr0, %eax
    orl $0x10000, %eax             /* WP */
    movl %eax, %cr0
    movl $t8_done, RESUME
    movl $9, 0x801008
t8_done:
    RECORD(8)

    movl $0x20, %ecx
    lsl %ecx, %eax
    movl %eax, SLOT(9)
    movl $0x10, %ecx
    lar %ecx, %eax
    movl %eax, SLOT(9)+4
    movl $0x55, %eax
    xorl %ecx, %ecx
    lsl %ecx, %eax                 /* null selector: ZF=0, EAX unchanged */
    setz %cl
    movl %ecx, SLOT(9)+8
    movl %eax, SLOT(9)+12

    movl $0x0D0E, 0x600
    hlt
2:  jmp 2b

h_ud:
    movl $6, 0x604
    movl $0xFFFFFFFF, 0x608
    movl RESUME, %eax
    movl %eax, (%esp)
    iret
h_gp:
    movl $13, 0x604
    popl 0x608
    movl RESUME, %eax
    movl %eax, (%esp)
    iret
h_pf:
    movl $14, 0x604
    popl 0x608
    movl %cr2, %eax
    movl %eax, 0x60C
    movl RESUME, %eax
    movl %eax, (%esp)
    iret

    gdt_begin
    .quad 0x00CF91000000FFFF        /* 0x18: data, read-only */
    .quad 0x0040930000000FFF        /* 0x20: data, limit 0xFFF bytes */
    gdt_end

    idt_begin
    .fill 6, 8, 0
    gate h_ud                       /* 6 */
    .fill 6, 8, 0
    gate h_gp                       /* 13 */
    gate h_pf                       /* 14 */
    idt_end

    reset_vector
