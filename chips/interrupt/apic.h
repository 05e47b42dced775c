/* chips/interrupt/apic.h — the one interrupt message format of the APIC
 * family, shared by the local APIC (lapic.c), the I/O APIC (ioapic.c) and
 * PCI MSI (core/pci.c writes it unchanged).
 *
 * Source: Intel SDM vol. 3A §10.11 "Message Signalled Interrupts" (§10.11.1
 * "Message Address Register Format", §10.11.2 "Message Data Register Format").
 *
 * A message is a 4-byte write of `data` at `address` in the space where the
 * local APICs' "msg" regions are mapped (on a PC: cpu.mem, 0xFEE00000-0xFEEFFFFF,
 * the front-side-bus interrupt delivery the ICH9 and MSI use):
 *
 *   address  0xFEE00000 | destination << 12 | RH << 3 | DM << 2
 *   data     vector (7:0) | delivery mode << 8 | level << 14 | trigger << 15
 *
 * IPIs (the local APIC's ICR) and I/O APIC redirection entries are sent in
 * the same format. End-of-interrupt messages travel the other way, from a
 * local APIC to the I/O APICs: a 4-byte write of the vector at offset 0 of
 * the I/O APIC's "eoi" region (the local APIC's bus "eoi"). */
#ifndef WW_CHIPS_INTERRUPT_APIC_H
#define WW_CHIPS_INTERRUPT_APIC_H
#include <stdbool.h>
#include <stdint.h>

#define APIC_MSG_BASE 0xFEE00000u   /* the 1 MiB interrupt message window */

/* Address (SDM Figure 10-24). */
enum {
    APIC_MSG_ADDR_DM   = 1u << 2,     /* destination mode: 0 physical, 1 logical */
    APIC_MSG_ADDR_RH   = 1u << 3,     /* redirection hint (lowest priority among the set) */
    APIC_MSG_ADDR_DEST = 0xFFu << 12, /* destination ID (physical) or MDA (logical) */
};
/* Data (SDM Figure 10-25). */
enum {
    APIC_MSG_DATA_VECTOR  = 0xFFu,
    APIC_MSG_DATA_DM      = 0x7u << 8,  /* delivery mode, APIC_DM_* */
    APIC_MSG_DATA_LEVEL   = 1u << 14,   /* 1 assert, 0 de-assert (INIT level de-assert) */
    APIC_MSG_DATA_TRIGGER = 1u << 15,   /* 0 edge, 1 level */
};
/* Delivery modes (ICR, LVT, redirection entries and messages alike). */
enum {
    APIC_DM_FIXED = 0, APIC_DM_LOWEST = 1, APIC_DM_SMI = 2, APIC_DM_REMOTE_READ = 3,
    APIC_DM_NMI = 4, APIC_DM_INIT = 5, APIC_DM_STARTUP = 6, APIC_DM_EXTINT = 7,
};

static inline uint32_t apic_msg_addr(unsigned dest, bool logical)
{
    return APIC_MSG_BASE | (dest & 0xFFu) << 12 | (logical ? APIC_MSG_ADDR_DM : 0);
}

static inline uint32_t apic_msg_data(unsigned vector, unsigned mode, bool level, bool trigger)
{
    return (vector & 0xFFu) | (mode & 7u) << 8 | (level ? APIC_MSG_DATA_LEVEL : 0) |
           (trigger ? APIC_MSG_DATA_TRIGGER : 0);
}

#endif
