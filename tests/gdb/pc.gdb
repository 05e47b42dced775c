# tests/gdb/pc.gdb — gdb-multiarch against pc/q35 (see pc.test.sh).
set pagination off
set confirm off
set architecture i386
target remote 127.0.0.1:@PORT@
printf "START eip=%x cs=%x\n", $eip, $cs
break *0x100000
continue
printf "BREAK eip=%x cs=%x\n", $eip, $cs
printf "ESI %x\n", $esi
x/8xb 0x100000
p/x $eflags
p $st0
p $fctrl
stepi
printf "STEP eip=%x\n", $eip
delete
watch *(unsigned int *)($esi + 0x1e4)
continue
printf "WATCH eip=%x value=%x\n", $eip, *(unsigned int *)($esi + 0x1e4)
delete
x/4xb 0xfffffff0
python
try:
    gdb.execute("x/4xb 0xe0000000")
except gdb.error as e:
    print("ERROR", e)
end
# LINUX: run on to the busybox prompt, where the test's monitor client stops the machine
continue
printf "LINUX cr0=%x eip=%x\n", $cr0, $eip
x/16xb 0xc1000000
monitor xp 0x1000000 16
# END LINUX
monitor info status
monitor quit
