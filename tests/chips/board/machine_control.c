/* tests/chips/board/machine_control.c — power-off and reset requests travel
 * over wires from any chip to the board logic and reach the front end. */
#include "tests/harness.h"
#include "core/machine.h"

static const char *const xml =
    "<machine name='test/board' title='board control test'>\n"
    "  <space name='bus' bits='16'/>\n"
    "  <chip id='dev' type='wwtestchip'/>\n"
    "  <chip id='board' type='machine-control'/>\n"
    "  <map space='bus' at='0' to='dev.bytes'/>\n"
    "  <wire from='dev.out@0' to='board.poweroff'/>\n"
    "  <wire from='dev.out@1' to='board.reset'/>\n"
    "</machine>\n";

WW_TEST("chips/machine-control/requests", t_requests)
{
    ww_machine *m = ww_test_machine_xml(xml);
    ww_space *bus = ww_machine_find_space(m, "bus");
    /* Nothing is requested after power-on (the wires settled before realize). */
    WW_CHECK_EQ(ww_machine_take_request(m), WW_REQ_NONE);
    /* CTRL.IRQ drives out@1: a rising edge on board.reset asks for a reset. */
    ww_space_write(bus, 0, 1, 0x80);
    WW_CHECK_EQ(ww_machine_take_request(m), WW_REQ_RESET);
    WW_CHECK_EQ(ww_machine_take_request(m), WW_REQ_NONE);   /* taken once */
    /* Holding the line high asks nothing more; a new edge asks again. */
    ww_space_write(bus, 0, 1, 0x80);
    WW_CHECK_EQ(ww_machine_take_request(m), WW_REQ_NONE);
    /* CTRL.EN drives out@0: power-off; it outranks a reset in the same slice. */
    ww_space_write(bus, 0, 1, 0x00);
    ww_space_write(bus, 0, 1, 0x81);
    WW_CHECK_EQ(ww_machine_take_request(m), WW_REQ_POWEROFF);
    ww_machine_free(m);
}
