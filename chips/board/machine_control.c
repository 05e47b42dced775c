/* chips/board/machine_control.c — the board's power and reset logic as a chip
 * with input pins, so chipsets signal "power off" or "reset the machine" with
 * plain wires instead of machine code:
 *
 *   <chip id="board" type="machine-control"/>
 *   <wire from="lpc.poweroff" to="board.poweroff"/>   ACPI S5 (ICH9 PM1a_CNT)
 *   <wire from="lpc.reset"    to="board.reset"/>      0xCF9, keyboard controller pulse
 *
 * A rising edge raises the request (core/machine.h ww_machine_request); the
 * front end ends the run (power-off, exit 0) or resets every chip (hard reset)
 * and goes on. Test: tests/chips/board/machine_control.c */
#include "core/machine.h"

typedef struct {
    ww_chip chip;
    uint32_t poweroffs, resets;   /* requests raised since power-on (for the monitor) */
} machine_control_t;

enum { PORT_POWEROFF, PORT_RESET, PORT__COUNT };

#define AT(m) WW_AT(machine_control_t, m)

static const ww_state_desc mc_state[] = {
    { "poweroffs", WW_STATE_U32, AT(poweroffs), "power-off requests seen",
      .flags = WW_STATE_NORESET },
    { "resets", WW_STATE_U32, AT(resets), "reset requests seen", .flags = WW_STATE_NORESET },
    { 0 }
};

static void mc_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    machine_control_t *m = (machine_control_t *)c;
    if (!level || !c->machine || !c->realized)
        return;   /* requests are edges; wires settle before realize */
    if (port == PORT_POWEROFF) {
        m->poweroffs++;
        ww_machine_request(c->machine, WW_REQ_POWEROFF);
    } else if (port == PORT_RESET) {
        m->resets++;
        ww_machine_request(c->machine, WW_REQ_RESET);
    }
}

static const ww_port_desc mc_ports[] = {
    [PORT_POWEROFF] = { "poweroff", WW_PORT_IN, 1, WW_PORT_EDGE, 0,
                        "rising edge: the machine is switched off (the run ends)" },
    [PORT_RESET]    = { "reset", WW_PORT_IN, 1, WW_PORT_EDGE, 0,
                        "rising edge: hard reset of every chip" },
    [PORT__COUNT] = { 0 }
};

static const ww_chip_class machine_control_class = {
    .type = "machine-control",
    .summary = "board power and reset logic (power-off and reset requests from wires)",
    .size = sizeof(machine_control_t),
    .version = 1,
    .state = mc_state,
    .ports = mc_ports,
    .signal = mc_signal,
};
WW_CHIP_REGISTER(machine_control_class)
