/* tests/fuzz/monitor.c — libFuzzer harness for the JSON control protocol:
 * the framer, negotiation, the command parser and dispatcher of core/qmp.c
 * and every command of the table (core/monitor.c) with whatever arguments
 * the input holds, on a small machine (the 8259 pair, a 16550 with a serial
 * line, RAM) built afresh for each input so runs are reproducible. The first
 * byte chooses whether the connection is negotiated first and how the rest is
 * cut into feeds (as a socket would deliver it). Every reply must be one JSON
 * object per line; nothing may crash, leak or touch host files (savevm and
 * loadvm are off in this session). Run: tests/fuzz/run monitor 60. */
#include "core/mdl.h"
#include "core/qmp.h"
#include "tests/fuzz/fuzz.h"
#include <string.h>

static const char machine_xml[] =
    "<machine name='fuzz/monitor' title='monitor fuzz machine'>\n"
    "  <space name='bus' bits='16' endian='little'/>\n"
    "  <ram id='ram' size='4KiB'/>\n"
    "  <chip id='pic0' type='i8259' variant='master'/>\n"
    "  <chip id='pic1' type='i8259' variant='slave'/>\n"
    "  <chip id='uart' type='ns16550' clock='1.8432MHz'/>\n"
    "  <map space='bus' at='0x8000' to='ram'/>\n"
    "  <map space='bus' at='0x20' size='2' to='pic0.io'/>\n"
    "  <map space='bus' at='0xa0' size='2' to='pic1.io'/>\n"
    "  <map space='bus' at='0x3f8' size='8' to='uart.regs'/>\n"
    "  <map space='pic0.cas' at='2' to='pic1.iack'/>\n"
    "  <wire from='pic1.int' to='pic0.ir@2'/>\n"
    "  <wire from='uart.irq' to='pic0.ir@4'/>\n"
    "  <serial from='uart'/>\n"
    "</machine>\n";

static void check_output(void *opaque, const char *data, size_t len)
{
    /* One JSON object, then CR LF. */
    FUZZ_CHECK(len >= 3 && data[len - 2] == '\r' && data[len - 1] == '\n');
    FUZZ_CHECK(memchr(data, '\n', len - 1) == NULL);
    JsonParser *p = json_parser_new();
    FUZZ_CHECK(json_parser_load_from_data(p, data, (gssize)(len - 2), NULL));
    FUZZ_CHECK(JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p)));
    g_object_unref(p);
    (*(size_t *)opaque)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    ww_chardev *cd = ww_chardev_new_buffer();
    ww_mdl_opts opts = { .serial = cd };
    GError *err = NULL;
    ww_mdl_desc *d = ww_mdl_parse_buffer("fuzz-monitor.xml", machine_xml, sizeof machine_xml - 1,
                                         NULL, NULL, &opts, &err);
    FUZZ_CHECK(d);
    ww_machine *m = ww_mdl_instantiate(d, &opts, &err);
    if (!m)
        fprintf(stderr, "fuzz machine: %s\n", err->message);
    FUZZ_CHECK(m);
    ww_mdl_desc_free(d);
    ww_session *s = ww_session_new(m, cd);
    ww_session_allow_files(s, false);
    size_t replies = 0;
    ww_qmp *q = ww_qmp_new(s, check_output, &replies);
    FUZZ_CHECK(replies == 1);                     /* the greeting */
    uint8_t mode = data[0];
    if (mode & 1) {
        static const char neg[] = "{\"execute\": \"qmp_capabilities\"}";
        ww_qmp_feed(q, neg, sizeof neg - 1);
    }
    size_t piece = (mode >> 1) ? (size_t)(mode >> 1) : size;
    for (size_t off = 1; off < size; off += piece) {
        ww_qmp_feed(q, data + off, MIN(piece, size - off));
        if (ww_session_running(s))
            ww_session_run(s, ww_sched_now(ww_machine_sched(m)) + 1000000);
        ww_qmp_drain(q);
    }
    ww_qmp_free(q);
    ww_session_free(s);
    ww_machine_free(m);
    ww_chardev_free(cd);
    return 0;
}
