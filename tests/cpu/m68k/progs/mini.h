/* mini.h — the tiny freestanding runtime of the 68000 differential
 * programs (no libc: Debian's m68k libc needs a 68020). */
#ifndef MINI_H
#define MINI_H
#include <stdarg.h>
typedef unsigned long size_t;
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned long u32;
typedef signed long s32;

long sys_write(int fd, const void *buf, size_t len);
void sys_exit(int code) __attribute__((noreturn));
void putch(int c);
void puts_(const char *s);
void flush(void);
void print_int(long v);
void print_uint(unsigned long v);
void print_hex(unsigned long v, int digits);
void printf_(const char *fmt, ...);
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
char *strcpy(char *d, const char *s);
/* A fixed pseudo-random sequence (LCG). */
u32 rnd(u32 *state);
#endif
