/* tests/firmware/x86/rmw.S — read-modify-write instructions whose memory
 * write faults (64 KiB ROM image, pentium-pro). A fault is restartable: the
 * processor state is what it was before the faulting instruction (SDM vol. 3
 * §6.5 "Exception classifications", faults), so the EFLAGS image the fault
 * pushes, the registers and the memory the handler sees are those before the
 * instruction, and the instruction restarted after the handler gives what it
 * gives without the fault.
 *
 * Each case runs one instruction twice from the same registers, memory and
 * EFLAGS (all six arithmetic flags set): once on a writable destination (the
 * reference), once where its write faults, either on a read-only page
 * (CR0.WP = 1: #PF for the supervisor, SDM vol. 3 §4.6) or through GS = 0x18,
 * a read-only data segment (#GP(0), §5.4.1). The handler records what it
 * sees, makes the write possible (PTE.RW of the page in CR2 + INVLPG, or
 * GS = 0x10) and IRETs, which restarts the instruction. Results, dwords at
 * S(n, k) = 0x1000 + 128 n + 4 k:
 *   k 0-4    reference: EFLAGS, [dst], [dst+4], EAX, EDX after it
 *   k 5-9    the same after the faulting run (expect equal to 0-4)
 *   k 10-17  the handler: fault count (1), vector (14/13), error code,
 *            EFLAGS pushed, [dst], [dst+4], EAX, EDX at the fault
 *   k 18-19  EAX, EDX right before the faulting run's instruction
 * The memory before each run: [dst] = SEED, [dst+4] = SEED2, registers
 * EAX..EDX = EAX0..EDX0; EDI is the destination, ESI its alias in the
 * identity map (the handler reads memory through it).
 * [0x628]: POP r/m with an ESP base addresses with ESP after the pop (SDM
 * POP): push 1111h, push 2222h, pop dword [esp], pop eax gives 2222h.
 * Last, PUSHA at CPL 3 whose fourth push lands on the read-only page (the
 * fault switches to the ring 0 stack of the TSS): the ESP the fault pushes
 * is the one before PUSHA, and the restarted PUSHA leaves ESP - 32:
 *   [0x640] user ESP pushed by the fault (USTACK), [0x634] ESP after PUSHA
 *   (USTACK - 32), [0x638] the EAX slot and [0x63C] the EDI slot it pushed.
 * Then ENTER 16, 3 at CPL 3 from ESP = 0x804008, EBP = 0x1100, whose third
 * push lands on the read-only page at 0x803000:
 *   [0x644] user ESP and [0x650] EBP at the fault (0x804008, 0x1100),
 *   [0x648] ESP and [0x64C] EBP after it (0x803FE8, 0x804004).
 Then a far CALL at CPL 3 from ESP = 0x806004 whose second push (EIP) lands
 * on the read-only page at 0x805000: [0x654] user ESP at the fault
 * (0x806004), [0x658] ESP in the callee (0x805FFC), [0x65C] the CS slot
 * (low word 0x23), [0x660] ESP after the far RET (0x806004).
 * [0x624] = number of cases, [0x600] = 0x0D0E at the end. */
#define PD 0x10000
#define PT 0x11000
#define REF 0x802800          /* PT[2] -> phys 0x102000, writable */
#define RO 0x801000           /* PT[1] -> phys 0x101000, read-only */
#define ALIAS 0x700000        /* linear 0x80xxxx - ALIAS: the same byte, identity-mapped */
#define SLOTS 0x1000
#define S(n, k) (SLOTS + 128 * (n) + 4 * (k))
#define FAULTS 0x604          /* the handler's record: 8 dwords from here */
#define FR_VEC 0x608
#define FR_ERR 0x60C
#define FR_FLAGS 0x610
#define FR_MEM 0x614
#define FR_MEMHI 0x618
#define FR_EAX 0x61C
#define FR_EDX 0x620
#define NCASES 0x624
#define FR_UESP 0x630        /* the handler: user ESP, EBP of the last fault */
#define FR_UEBP 0x650
#define USTACK (RO + 0x100C)   /* pushes at +8, +4, +0 of PT[2]'s page, then the read-only one */
#define FLAGS0 0x8D7          /* OF SF ZF AF PF CF, bit 1; IF = 0 */
#define SEED 0x80007F0F
#define SEED2 0x13579BDF
#define EAX0 0x7FFF000F
#define EBX0 0x0BADF00D
#define ECX0 0x00000004      /* CL: shift counts; BTC's bit (bit 4 of SEED is 0) */
#define EDX0 0xFEDC4321

#include "pm_entry.inc"

    clear_dwords PD, 2048          /* PD and PT */
    movl $0x00000083, PD           /* 0-4 MiB identity, 4 MiB page */
    movl $(PT | 3), PD+8           /* 8-12 MiB through PT */
    movl $(0x100000 | 3), PT
    movl $(0x101000 | 1), PT+4     /* read-only */
    movl $(0x102000 | 3), PT+8
    paging_on PD
    movl %cr0, %eax
    orl $0x10000, %eax             /* WP: supervisor writes obey R/W */
    movl %eax, %cr0
    jmp 1f
1:

.macro setup
    movl $SEED, (%esi)
    movl $SEED2, 4(%esi)
    movl $EAX0, %eax
    movl $EBX0, %ebx
    movl $ECX0, %ecx
    movl $EDX0, %edx
    pushl $FLAGS0
    popfl
.endm

.macro save n, k
    pushfl
    popl S(\n, \k)
    movl (%esi), %ebp
    movl %ebp, S(\n, \k + 1)
    movl 4(%esi), %ebp
    movl %ebp, S(\n, \k + 2)
    movl %eax, S(\n, \k + 3)
    movl %edx, S(\n, \k + 4)
.endm

/* rmw N, MODE, OFF, PRE, INSN: case N; MODE 0 the read-only page, 1 GS
 * read-only; the destination at OFF from the page's base; PRE runs after
 * the set-up (not restarted). */
.macro rmw n, mode, off, pre, insn:vararg
    movw $0x10, %ax
    movw %ax, %gs
    movl $(REF + \off), %edi
    movl $(REF + \off - ALIAS), %esi
    setup
    \pre
    \insn
    save \n, 0
    movl $0, FAULTS
    .if \mode
    movw $0x18, %ax
    movw %ax, %gs
    .else
    movl $(RO + \off), %edi
    movl $(RO + \off - ALIAS), %esi
    .endif
    setup
    \pre
    movl %eax, S(\n, 18)
    movl %edx, S(\n, 19)
    \insn
    save \n, 5
    movl $FAULTS, %esi
    movl $S(\n, 10), %edi
    movl $8, %ecx
    cld
    rep movsl
    andl $~2, PT+4                 /* read-only again */
    invlpg RO
    movl $(\n + 1), NCASES
.endm

    rmw 0, 0, 0, , addl %eax, (%edi)
    rmw 1, 0, 0, , adcl %eax, (%edi)
    rmw 2, 0, 0, , sbbb %al, (%edi)
    rmw 3, 0, 0, , subw $0x1234, (%edi)
    rmw 4, 0, 0, , addl $-3, (%edi)
    rmw 5, 0, 0, , andl $0x0FF00FF0, (%edi)
    rmw 6, 0, 0, , xorb $0x5A, (%edi)
    rmw 7, 0, 0, , incl (%edi)
    rmw 8, 0, 0, , decw (%edi)
    rmw 9, 0, 0, , incb (%edi)
    rmw 10, 0, 0, , negl (%edi)
    rmw 11, 0, 0, , notl (%edi)
    rmw 12, 0, 0, , shll $3, (%edi)
    rmw 13, 0, 0, , sarl (%edi)
    rmw 14, 0, 0, , shrl %cl, (%edi)
    rmw 15, 0, 0, , roll $5, (%edi)
    rmw 16, 0, 0, , rcrw %cl, (%edi)
    rmw 17, 0, 0, , shldl $4, %eax, (%edi)
    rmw 18, 0, 0, , shrdl %cl, %edx, (%edi)
    rmw 19, 0, 0, , btsl $4, (%edi)
    rmw 20, 0, 0, , btcl %ecx, (%edi)
    rmw 21, 0, 0, , xaddl %eax, (%edi)
    rmw 22, 0, 0, , cmpxchgl %ecx, (%edi)
    rmw 23, 0, 0, , cmpxchgb %cl, (%edi)
    rmw 24, 0, 0, , xchgl %eax, (%edi)
    /* EDX:EAX = SEED2:SEED, the destination (a string: not expanded by cpp):
     * the compare succeeds and stores ECX:EBX;
     * the low dword is on a writable page, the high one on the read-only
     * page: nothing may be written before the fault. */
    rmw 25, 0, -4, "movl $0x80007F0F, %eax; movl $0x13579BDF, %edx", cmpxchg8b (%edi)
    rmw 26, 1, 0, , addl %eax, %gs:(%edi)
    rmw 27, 1, 0, , adcb $7, %gs:(%edi)
    rmw 28, 1, 0, , decl %gs:(%edi)
    rmw 29, 1, 0, , shll %gs:(%edi)
    rmw 30, 1, 0, , rcll $2, %gs:(%edi)
    rmw 31, 1, 0, , xaddw %ax, %gs:(%edi)
    rmw 32, 1, 0, , btrl $31, %gs:(%edi)
    rmw 33, 1, 0, , negb %gs:(%edi)
    /* POP r/m: ESP moves only when the write is done (the restarted POP
     * reads the same slot; a moved ESP puts the fault frame over it). */
    rmw 34, 0, 0, "pushl $0x55AA55AA", popl (%edi)
    rmw 35, 1, 0, "pushl $0x55AA55AA", popl %gs:(%edi)

    pushl $0x1111
    pushl $0x2222
    popl (%esp)
    popl %eax
    movl %eax, 0x628

    /* Ring 3: user pages, a TSS for the ring 0 stack, IRET to r3. */
    tss_load 0x30
    orl $4, PD
    orl $4, PD+8
    orl $4, PT+4
    orl $4, PT+8
    movl $(0x103000 | 5), PT+12    /* 0x803000: user, read-only (ENTER) */
    movl $(0x104000 | 7), PT+16    /* 0x804000: user, writable */
    movl $(0x105000 | 5), PT+20    /* 0x805000: user, read-only (far CALL) */
    movl $(0x106000 | 7), PT+24    /* 0x806000: user, writable */
    movl %cr3, %eax
    movl %eax, %cr3
    pushl $0x2B
    pushl $USTACK
    pushl $0x002                   /* EFLAGS: IF = 0 */
    pushl $0x23
    pushl $r3
    iret
r3:
    movw $0x2B, %ax
    movw %ax, %ds
    movw %ax, %es
    movl $0xA0, %eax
    movl $0xB3, %ebx
    movl $0xC1, %ecx
    movl $0xD2, %edx
    movl $0xB5, %ebp
    movl $0x1000, %esi             /* the handler reads (%esi): anything readable */
    movl $0xD7, %edi
    pushal
    movl %esp, 0x634
    movl (USTACK - 4), %eax        /* the EAX slot */
    movl %eax, 0x638
    movl (USTACK - 32), %eax       /* the EDI slot */
    movl %eax, 0x63C
    movl FR_UESP, %eax
    movl %eax, 0x640
    movl $0x804008, %esp
    movl $0x1100, %ebp
    enter $16, $3
    movl %esp, 0x648
    movl %ebp, 0x64C
    movl FR_UESP, %eax
    movl %eax, 0x644
    movl FR_UEBP, %ebx             /* ENTER's record, which the next fault overwrites */
    movl $0, FAULTS
    movl $0x806004, %esp
    lcall $0x23, $r3far
    movl %esp, 0x660
    movl %ebx, FR_UEBP
    int $0x80                      /* to ring 0: the end */
r3far:
    movl %esp, 0x658
    movl 4(%esp), %eax             /* the CS slot */
    movl %eax, 0x65C
    movl FR_UESP, %eax
    movl %eax, 0x654
    lret
2:  jmp 2b

h_end:
    movl $0x0D0E, 0x600
    hlt
2:  jmp 2b

h_pf:
    pushal
    movl $14, FR_VEC
    jmp h_common
h_gp:
    pushal
    movl $13, FR_VEC
    movw $0x10, %ax                /* restored by POPAL; GS stays writable */
    movw %ax, %gs
h_common:
    incl FAULTS
    cmpl $4, FAULTS
    jb 1f
    hlt                            /* the restart keeps faulting: give up */
1:  movl 32(%esp), %eax            /* after PUSHAL: error code, EIP, CS, EFLAGS */
    movl %eax, FR_ERR
    movl 44(%esp), %eax
    movl %eax, FR_FLAGS
    movl (%esi), %eax
    movl %eax, FR_MEM
    movl 4(%esi), %eax
    movl %eax, FR_MEMHI
    movl 28(%esp), %eax            /* PUSHAL's EAX */
    movl %eax, FR_EAX
    movl 20(%esp), %eax            /* and EDX */
    movl %eax, FR_EDX
    movl 48(%esp), %eax            /* from CPL 3: the ESP pushed (else a word of the stack) */
    movl %eax, FR_UESP
    movl 8(%esp), %eax             /* PUSHAL's EBP */
    movl %eax, FR_UEBP
    cmpl $14, FR_VEC
    jne 3f
    movl %cr2, %ecx                /* make the faulting page writable */
    movl %ecx, %eax
    shrl $12, %eax
    andl $0x3FF, %eax
    orl $2, PT(, %eax, 4)
    invlpg (%ecx)
3:
    popal
    addl $4, %esp
    iret

    gdt_begin
    .quad 0x00CF91000000FFFF        /* 0x18: data, base 0, 4 GiB, read-only */
    ring3_descs                     /* 0x20 ring 3 code, 0x28 data, 0x30 TSS */
    gdt_end

    idt_gp_pf_int80 h_gp, h_pf, h_end

    reset_vector
