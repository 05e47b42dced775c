/* chips/storage/scsi.h — the SCSI bus as wirewrap models it: a space that the
 * initiator (a host adapter: chips/storage/ncr53c9x.c) masters and the
 * targets (chips/storage/scsi_disk.c) decode, as the ADB is (chips/input/adb.h).
 *
 * SCSI-2 (ANSI X3.131-1994) §5 "Physical description" and §6 "Logical
 * characteristics": after selection the target owns the bus and sets the
 * phase with MSG, C/D and I/O; every byte is a REQ/ACK handshake in the phase
 * the target set; the initiator asks for MESSAGE OUT with ATN; RST resets
 * every device. Here each target is a 0x40-byte block at id * 0x40:
 *
 *   +0  read  STATUS: bit 7 BSY (selected and holding the bus), bit 6 REQ (a
 *             byte is ready in an IN phase / wanted in an OUT phase), bits
 *             2-0 the phase as MSG<<2 | C/D<<1 | I/O (0 data out, 1 data in,
 *             2 command, 3 status, 6 message out, 7 message in); 0 = not
 *             connected (bus free as far as this target is concerned)
 *   +1  write SELECT: the initiator selects the target; bit 0 = ATN during
 *             selection; a target that answers has BSY set afterwards
 *   +2  read  DATA in an IN phase (the byte the target offers; reading is the
 *             ACK, so the target moves on); write DATA in an OUT phase
 *   +3  write ATN: 1 asserts, 0 negates (the target goes to MESSAGE OUT after
 *             the current byte)
 *   +4  write RESET: the bus's RST (every target gets it: broadcast)
 *   +8  read  LEFT (4 bytes, big-endian): bytes the target still wants or
 *             offers in this phase (a hint for bulk transfers)
 *
 * An address nothing decodes reads 0: no target there, a selection that
 * times out. Bytes written or read outside a matching phase are ignored by
 * the target (and logged), as a bus with no REQ would not move them. */
#ifndef WW_SCSI_H
#define WW_SCSI_H

#define WW_SCSI_TARGETS 8
#define WW_SCSI_ADDR_BITS 9             /* 8 targets × 0x40 */
#define WW_SCSI_BLOCK 0x40u
enum { WW_SCSI_STATUS = 0, WW_SCSI_SELECT = 1, WW_SCSI_DATA = 2, WW_SCSI_ATN = 3,
       WW_SCSI_RESET = 4, WW_SCSI_LEFT = 8 };
enum { WW_SCSI_BSY = 0x80, WW_SCSI_REQ = 0x40, WW_SCSI_PHASE = 0x07 };
enum { WW_SCSI_DATA_OUT = 0, WW_SCSI_DATA_IN = 1, WW_SCSI_COMMAND = 2, WW_SCSI_STATUS_IN = 3,
       WW_SCSI_MSG_OUT = 6, WW_SCSI_MSG_IN = 7 };
/* Which phases move bytes from target to initiator. */
static inline int ww_scsi_phase_in(unsigned phase) { return phase & 1; }

static inline unsigned long long ww_scsi_reg(unsigned id, unsigned reg)
{
    return (unsigned long long)(id & 7) * WW_SCSI_BLOCK + reg;
}

#endif
