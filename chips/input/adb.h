/* chips/input/adb.h — the Apple Desktop Bus as wirewrap models it: a space
 * that the ADB host (chips/apple/cuda.c; later Egret, the Mac II's VIA+GLU)
 * masters and the devices (chips/input/adb_keyboard.c, adb_mouse.c) decode.
 *
 * ADB (Guide to the Macintosh Family Hardware 2nd ed., ch. 8 "Apple Desktop
 * Bus"; Inside Macintosh: Devices, "ADB Manager") addresses 16 devices, each
 * with four registers of up to 8 bytes. The host's commands — Talk R (the
 * device answers with its register, or not at all), Listen R (the host sends
 * bytes), Flush, SendReset — are accesses to that space:
 *
 *   device a, register r: block at a * 0x40 + r * 0x10
 *     +0..7  data bytes (Talk: what the device answered; Listen: what to send)
 *     +8     read  = Talk r: the device prepares its answer and returns its
 *                    length (0: no response, as a timeout on the bus)
 *     +9     write = Listen r with the first n data bytes
 *     +0x0E  (register 0's block) write 1 = SendReset, 2 = Flush
 *
 * A device sits at its current address as a window on that space (it moves
 * when a Listen R3 changes its address: "address resolution"), so nothing
 * but the space connects host and devices. An address nobody decodes reads 0.
 * Register 3 of every device holds (bit 13) SRQ enable, (11-8) the address,
 * (7-0) the device handler ID; Listen R3 with handler 0xFE moves the device
 * when no other device answered at the new address (the collision rule the
 * host cannot see here: devices move one at a time), 0x00 sets address and
 * flags, other values change the handler if the device supports it. */
#ifndef WW_ADB_H
#define WW_ADB_H

#define WW_ADB_DEVICES 16
#define WW_ADB_ADDR_BITS 10            /* 16 devices × 0x40 */
#define WW_ADB_DEVICE_SIZE 0x40u
#define WW_ADB_TALK 8
#define WW_ADB_LISTEN 9
#define WW_ADB_CONTROL 0x0e
enum { WW_ADB_CTRL_RESET = 1, WW_ADB_CTRL_FLUSH = 2 };

static inline unsigned long long ww_adb_reg(unsigned addr, unsigned reg)
{
    return (unsigned long long)(addr & 15) * WW_ADB_DEVICE_SIZE + (reg & 3) * 0x10u;
}

#endif
