# tests/gdb/m68k-bare.gdb — gdb-multiarch against test/m68k-bare (see m68k-bare.test.sh).
set pagination off
set confirm off
target remote 127.0.0.1:@PORT@
printf "START pc=%x sp=%x\n", $pc, $sp
break puts
continue
printf "BREAK pc=%x a0=%x sp=%x\n", $pc, $a0, $sp
printf "BANNER %s\n", (char *)$a0
info registers d0 a0 ps
x/2xh $pc
stepi
printf "STEP pc=%x\n", $pc
p $fp0
delete
watch *(unsigned int *)0x00100100
continue
printf "WATCH value=%x\n", *(unsigned int *)0x00100100
delete
monitor info status
monitor quit
