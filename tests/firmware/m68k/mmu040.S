#include "common.inc"
main:
	bra	done
banner:	.asciz	"stub\r\n"
	.even
