/* tests/firmware/pcboot/bootsect.S — a PC boot sector for the disk-boot
 * machine tests. The BIOS loads it at 0000:7C00h with the boot drive in DL
 * (BIOS Boot Specification 1.01 §6.5.1). It prints its banner on COM1, reads
 * LBA 1 of the boot drive with INT 13h AH=42h (EDD 3.0 extended read, a disk
 * address packet) to 0000:8000h, prints that sector as a NUL-terminated
 * string, and halts. A failed read prints "read failed" and the status.
 * Built by tests/firmware/pcboot/SConscript; used by
 * tests/machines/pc-ahci-boot.test.sh (which writes sector 1). */
    .code16
    .text
    .globl _start
_start:
    cli
    xor %ax, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov $0x7c00, %sp
    sti
    mov %dl, drive
    mov $banner, %si
    call puts
    mov $0x42, %ah
    mov drive, %dl
    mov $dap, %si
    int $0x13
    jc fail
    mov $0x8000, %si
    call puts
    mov $done, %si
    call puts
halt:
    cli
    hlt
    jmp halt
fail:
    mov %ah, %cl
    mov $failmsg, %si
    call puts
    mov %cl, %al
    shr $4, %al
    call hexdigit
    mov %cl, %al
    call hexdigit
    mov $done, %si
    call puts
    jmp halt

/* Print the NUL-terminated string at DS:SI on COM1 (3F8h), polling THRE. */
puts:
    lodsb
    test %al, %al
    jz 1f
    call putc
    jmp puts
1:  ret

hexdigit:
    and $0x0f, %al
    add $'0', %al
    cmp $'9', %al
    jbe putc
    add $7, %al
putc:
    mov %al, %bl
    mov $0x3fd, %dx
2:  in %dx, %al
    test $0x20, %al
    jz 2b
    mov $0x3f8, %dx
    mov %bl, %al
    out %al, %dx
    ret

banner:  .asciz "wirewrap-bootsect: booted from the disk\r\n"
failmsg: .asciz "wirewrap-bootsect: read failed, status 0x"
done:    .asciz "\r\nwirewrap-bootsect: done\r\n"
drive:   .byte 0
    .balign 4
dap:     .byte 16, 0          /* size, reserved */
         .word 1              /* sectors */
         .word 0x8000, 0      /* buffer offset, segment */
         .quad 1              /* LBA */
    .org 510
    .word 0xaa55
