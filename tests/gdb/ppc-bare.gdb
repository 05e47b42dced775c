# tests/gdb/ppc-bare.gdb — gdb-multiarch against test/ppc-bare (see ppc-bare.test.sh).
set pagination off
set confirm off
target remote 127.0.0.1:@PORT@
printf "START pc=%x\n", $pc
info threads
break puts
continue
printf "BREAK pc=%x r1=%x\n", $pc, $r1
printf "BANNER %s\n", (char *)$r3
info registers r3 lr msr
x/2xw $pc
stepi
printf "STEP pc=%x\n", $pc
p $f0
delete
watch *(unsigned int *)0x00100040
continue
printf "WATCH value=%x\n", *(unsigned int *)0x00100040
delete
break virt
continue
printf "VIRT msr=%x\n", $msr
x/xw 0x10000000
python
try:
    gdb.execute("x/xw 0x00200000")
except gdb.error as e:
    print("ERROR", e)
end
delete
monitor info status
monitor quit
