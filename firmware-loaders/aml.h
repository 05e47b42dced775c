/* firmware-loaders/aml.h — a small ACPI Machine Language encoder for the
 * definition blocks the preparers generate (acpi_pc.c's DSDT), so no ASL
 * compiler is needed at build time.
 *
 * Source: ACPI Specification 6.4, §20 "ACPI Machine Language (AML)
 * Specification" (20.2.3 Data Objects Encoding, 20.2.4 Package Length
 * Encoding, 20.2.5 Term Objects Encoding) and §6.4 "Resource Data Types for
 * ACPI" (6.4.2.5 I/O Port, 6.4.2.1 IRQ, 6.4.3.5 Address Space Resource
 * Descriptors). The shape follows QEMU's hw/acpi/aml-build.c: terms are
 * values that own their children; containers (scopes, devices, methods,
 * packages, resource templates) take children with ww_aml_append and get
 * their PkgLength when they are emitted.
 *
 * Names are the caller's constants: "PCI0", "_SB.PCI0", "\\_S5", "^ISA";
 * segments shorter than 4 characters are padded with '_'. */
#ifndef WW_AML_H
#define WW_AML_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct ww_aml ww_aml;

/* Data and references. */
ww_aml *ww_aml_int(uint64_t v);              /* Zero, One, Byte/Word/DWord/QWordConst */
ww_aml *ww_aml_string(const char *s);
ww_aml *ww_aml_eisaid(const char *id);       /* "PNP0A03" → compressed EISA id (DWord) */
ww_aml *ww_aml_name(const char *path);       /* a NameString as a reference */
ww_aml *ww_aml_arg(unsigned n);              /* Arg0..Arg6 */
ww_aml *ww_aml_buffer(const void *data, size_t len);

/* Statements (take their operands). */
ww_aml *ww_aml_name_decl(const char *name, ww_aml *value);  /* Name (NAME, value) */
ww_aml *ww_aml_store(ww_aml *src, ww_aml *dst);
ww_aml *ww_aml_return(ww_aml *v);

/* Containers: append children, then append the container to its parent. */
ww_aml *ww_aml_scope(const char *path);
ww_aml *ww_aml_device(const char *path);
ww_aml *ww_aml_method(const char *name, unsigned nargs, bool serialized);
ww_aml *ww_aml_package(void);
ww_aml *ww_aml_resource_template(void);      /* a Buffer of descriptors + End Tag */
void ww_aml_append(ww_aml *parent, ww_aml *child);

/* Resource descriptors, appended to a resource template. */
void ww_aml_res_io(ww_aml *rt, uint16_t min, uint16_t max, uint8_t align, uint8_t len);
void ww_aml_res_irq_noflags(ww_aml *rt, unsigned irq);   /* IRQNoFlags: edge, high */
/* Address spaces a bridge produces (ResourceProducer, MinFixed, MaxFixed, PosDecode). */
void ww_aml_res_word_bus(ww_aml *rt, uint16_t min, uint16_t max);
void ww_aml_res_word_io(ww_aml *rt, uint16_t min, uint16_t max);   /* EntireRange */
void ww_aml_res_dword_mem(ww_aml *rt, bool cacheable, uint32_t min, uint32_t max);
void ww_aml_res_qword_mem(ww_aml *rt, bool cacheable, uint64_t min, uint64_t max);

/* Append the encoding of a (and everything in it) to out, and free a. */
void ww_aml_emit(ww_aml *a, GByteArray *out);
void ww_aml_free(ww_aml *a);

/* PkgLength (§20.2.4) for `n` bytes that follow it: its bytes into out. */
void ww_aml_pkglen(GByteArray *out, size_t n);

#endif
