/* core/cpu.h — CPUs are chips with a ww_cpu_ops extension (DESIGN.md §4).
 *
 * A CPU instance struct starts with ww_cpu (which starts with ww_chip). The
 * machine (or the user-mode runner) calls ops->run() with a budget of cycles;
 * the CPU adds what it executes to cpu->cycles as it goes (the scheduler reads
 * that for mid-slice time) and returns when the budget is spent, when
 * cpu->exit_request is set (a timer moved earlier, a stop was requested), or on
 * a stop condition reported in cpu->stop. Interrupt inputs are ordinary input
 * ports (signal()). Memory is the bus-master port "mem", always the first
 * (chip.bus[WW_CPU_BUS_MEM]): the user-mode runner and loaders rely on it.
 * Registers are rows of the class's ordinary register table (WW_REG_INTERNAL,
 * with gdb numbers and groups), read and written with ww_chip_reg_get/set. */
#ifndef WW_CPU_H
#define WW_CPU_H
#include "core/chip.h"

typedef enum {
    WW_STOP_NONE,     /* budget spent or exit requested */
    WW_STOP_HALT,     /* HLT/STOP with no interrupt pending (time may advance) */
    WW_STOP_SYSCALL,  /* user-mode runner: a system call instruction executed */
    WW_STOP_BREAK,    /* breakpoint/watchpoint hit */
    WW_STOP_FATAL,    /* triple fault, double bus fault, … : CPU is wedged */
    WW_STOP_USER_FAULT, /* user-mode runner: unhandled guest exception */
} ww_cpu_stop;

typedef struct ww_cpu {
    ww_chip chip;
    uint64_t clock_hz;      /* property "clock" */
    uint64_t cycles;        /* total executed since power-on */
    volatile int exit_request;
    ww_cpu_stop stop;
    int stop_info;          /* exception vector for USER_FAULT etc. */
    bool user_mode;         /* set by the user-mode runner */
    /* Debug interface (core/cpudebug.c; the monitor and gdbstub use it).
     * Contract for every run loop: before executing an instruction whose PC
     * (the value get_pc returns) is `pc`, test the one flag and stop there:
     *     if (__builtin_expect(cpu->bp_on, 0) && ww_cpu_break_check(cpu, pc))
     *         break;
     * ww_cpu_break_check sets stop = WW_STOP_BREAK (the instruction is not
     * executed, the PC stays on it) when pc is in the breakpoint set. Single
     * step is run(cpu, 1): a budget of 1 executes exactly one instruction. */
    int bp_on;              /* breakpoints set: the run loop calls the check */
    unsigned nbp;
    uint64_t *bp;           /* sorted PCs (core/cpudebug.c owns the array) */
    bool bp_skip;           /* resume over a breakpoint: the first check of the */
    uint64_t bp_skip_pc;    /* … next run passes at this PC once */
} ww_cpu;

enum { WW_CPU_BUS_MEM = 0 };

struct ww_cpu_ops {
    const char *family;     /* "x86", "m68k", "ppc", "arm26" */
    const char *const *models; /* NULL-terminated list the "model" prop accepts */
    uint64_t (*run)(ww_cpu *cpu, uint64_t budget);   /* returns cycles executed */
    uint64_t (*get_pc)(ww_cpu *cpu);
    void (*set_pc)(ww_cpu *cpu, uint64_t pc);
    /* Disassemble one instruction at addr (side-effect-free memory reads);
     * returns its length in bytes, 0 if unreadable. */
    unsigned (*disasm)(ww_cpu *cpu, uint64_t addr, char *out, size_t outlen);
    /* Optional: the physical address a virtual one maps to through the MMU,
     * without side effects (no TLB fill, no exception); NULL = the CPU's
     * addresses are physical. */
    bool (*translate)(ww_cpu *cpu, uint64_t vaddr, bool write, uint64_t *paddr);
};

static inline ww_cpu *ww_cpu_of(ww_chip *c) { return c->cls->cpu ? (ww_cpu *)c : NULL; }
static inline const ww_cpu_ops *ww_cpu_ops_of(ww_cpu *c) { return c->chip.cls->cpu; }
static inline void ww_cpu_kick(ww_cpu *c) { c->exit_request = 1; }

/* ---- breakpoints (core/cpudebug.c) ----------------------------------------- */
/* The check the run loops call when bp_on: true (and stop = WW_STOP_BREAK)
 * when pc is a breakpoint, except once at bp_skip_pc right after a resume. */
bool ww_cpu_break_check(ww_cpu *cpu, uint64_t pc);
/* Insert (false: already set) / remove (false: not set) / list / clear all. */
bool ww_cpu_break_insert(ww_cpu *cpu, uint64_t pc);
bool ww_cpu_break_remove(ww_cpu *cpu, uint64_t pc);
bool ww_cpu_break_has(const ww_cpu *cpu, uint64_t pc);
void ww_cpu_break_clear(ww_cpu *cpu);
/* Resume over a breakpoint at the current PC: the next check passes there once. */
void ww_cpu_break_resume(ww_cpu *cpu);

#endif
