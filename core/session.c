/* core/session.c — run state, breakpoints, watchpoints, serial capture and
 * event fan-out of one machine (core/session.h). */
#include "core/session.h"
#include "core/backend.h"
#include <string.h>

#define SERIAL_KEEP (1u << 20)   /* bytes of serial output kept for wait-serial */

typedef struct {
    ww_session_event_fn fn;
    void *opaque;
    bool dead;               /* removed while events were being sent */
} listener;

typedef struct {
    char *text;
    ww_time deadline;
    void *owner;
    ww_session_wait_fn done;
    void *opaque;
} serial_wait;

struct ww_session {
    ww_machine *m;
    ww_chardev *serial;
    ww_session_state state;
    GArray *listeners;       /* listener */
    unsigned emitting;
    GPtrArray *points;       /* ww_session_point* */
    unsigned next_id;
    unsigned nwatch;
    bool in_run;             /* watch hits count only while the guest runs */
    ww_session_point *hit;   /* the watchpoint that stopped the last chunk */
    bool hit_write;
    uint64_t hit_value;
    GString *serial_log;
    GPtrArray *waits;        /* serial_wait* */
    bool no_files;           /* savevm/loadvm refused */
    ww_inputdev *kbd;        /* bound by the session to the first <input> slot */
    ww_backend_slot *kbd_slot;
};

/* ---- events ------------------------------------------------------------------------ */

void ww_session_listen(ww_session *s, ww_session_event_fn fn, void *opaque)
{
    listener l = { fn, opaque, false };
    g_array_append_val(s->listeners, l);
}

void ww_session_unlisten(ww_session *s, ww_session_event_fn fn, void *opaque)
{
    for (guint i = 0; i < s->listeners->len; i++) {
        listener *l = &g_array_index(s->listeners, listener, i);
        if (l->fn == fn && l->opaque == opaque && !l->dead) {
            if (s->emitting)
                l->dead = true;
            else
                g_array_remove_index(s->listeners, i);
            return;
        }
    }
}

void ww_session_emit(ww_session *s, const char *event, JsonObject *data)
{
    if (!data)
        data = json_object_new();
    json_object_set_int_member(data, "time-ns", (gint64)ww_sched_now(ww_machine_sched(s->m)));
    s->emitting++;
    for (guint i = 0; i < s->listeners->len; i++) {
        listener l = g_array_index(s->listeners, listener, i);
        if (!l.dead)
            l.fn(l.opaque, event, data);
    }
    if (--s->emitting == 0)
        for (guint i = s->listeners->len; i-- > 0;)
            if (g_array_index(s->listeners, listener, i).dead)
                g_array_remove_index(s->listeners, i);
    json_object_unref(data);
}

/* ---- serial capture ------------------------------------------------------------------ */

static void wait_free(serial_wait *w)
{
    g_free(w->text);
    g_free(w);
}

/* Complete the waits whose text is in the log (oldest wait first). */
static void check_waits(ww_session *s)
{
    for (guint i = 0; i < s->waits->len;) {
        serial_wait *w = s->waits->pdata[i];
        const char *hit = memmem(s->serial_log->str, s->serial_log->len, w->text,
                                 strlen(w->text));
        if (!hit) {
            i++;
            continue;
        }
        g_ptr_array_remove_index(s->waits, i);
        g_string_erase(s->serial_log, 0, (gssize)(hit - s->serial_log->str + strlen(w->text)));
        JsonObject *d = json_object_new();
        json_object_set_string_member(d, "text", w->text);
        ww_session_emit(s, "SERIAL_MATCH", d);
        w->done(w->opaque, true, w->text);
        wait_free(w);
        i = 0;   /* the log changed: look again from the first */
    }
}

static void serial_tap(void *opaque, const uint8_t *buf, size_t len)
{
    ww_session *s = opaque;
    g_string_append_len(s->serial_log, (const char *)buf, (gssize)len);
    if (s->serial_log->len > SERIAL_KEEP)
        g_string_erase(s->serial_log, 0, (gssize)(s->serial_log->len - SERIAL_KEEP));
    if (s->waits->len)
        check_waits(s);
}

static void check_deadlines(ww_session *s)
{
    ww_time now = ww_sched_now(ww_machine_sched(s->m));
    for (guint i = 0; i < s->waits->len;) {
        serial_wait *w = s->waits->pdata[i];
        if (w->deadline > now) {
            i++;
            continue;
        }
        g_ptr_array_remove_index(s->waits, i);
        w->done(w->opaque, false, w->text);
        wait_free(w);
    }
}

void ww_session_wait_serial(ww_session *s, const char *text, ww_time deadline, void *owner,
                            ww_session_wait_fn done, void *opaque)
{
    serial_wait *w = g_new0(serial_wait, 1);
    *w = (serial_wait){ g_strdup(text), deadline, owner, done, opaque };
    g_ptr_array_add(s->waits, w);
    check_waits(s);
    check_deadlines(s);
}

void ww_session_cancel(ww_session *s, void *owner)
{
    for (guint i = s->waits->len; i-- > 0;) {
        serial_wait *w = s->waits->pdata[i];
        if (w->owner == owner) {
            g_ptr_array_remove_index(s->waits, i);
            w->done(w->opaque, false, NULL);
            wait_free(w);
        }
    }
}

const GString *ww_session_serial_log(ww_session *s) { return s->serial_log; }

bool ww_session_serial_send(ww_session *s, const void *buf, size_t len, GError **err)
{
    if (!s->serial || !s->serial->rx) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND,
                    "the machine has no serial line attached (no <serial> in its description)");
        return false;
    }
    ww_chardev_receive(s->serial, buf, len);
    return true;
}

/* ---- keyboard ------------------------------------------------------------------------ */

ww_inputdev *ww_session_keyboard(ww_session *s)
{
    return s->kbd && s->kbd->key ? s->kbd : NULL;
}

static void bind_keyboard(ww_session *s)
{
    ww_backend_slot *const *slots;
    unsigned n = ww_machine_backend_slots(s->m, &slots);
    for (unsigned i = 0; i < n; i++) {
        if (slots[i]->type != WW_BACKEND_INPUT || slots[i]->bound)
            continue;
        ww_inputdev *dev = g_new0(ww_inputdev, 1);
        const ww_backend_desc *d = &slots[i]->chip->cls->backends[slots[i]->backend];
        if (!ww_chip_bind_backend(slots[i]->chip, d->type, d->name, slots[i]->index, dev, NULL)) {
            g_free(dev);
            continue;
        }
        slots[i]->bound = dev;
        s->kbd = dev;
        s->kbd_slot = slots[i];
        return;
    }
}

/* ---- lifecycle ------------------------------------------------------------------------ */

ww_session *ww_session_new(ww_machine *m, ww_chardev *serial)
{
    ww_session *s = g_new0(ww_session, 1);
    s->m = m;
    s->serial = serial;
    s->state = WW_SESSION_RUNNING;
    s->listeners = g_array_new(FALSE, FALSE, sizeof(listener));
    s->points = g_ptr_array_new();
    s->next_id = 1;
    s->serial_log = g_string_new(NULL);
    s->waits = g_ptr_array_new();
    if (serial) {
        serial->tap = serial_tap;
        serial->tap_opaque = s;
    }
    bind_keyboard(s);
    return s;
}

static void point_free(ww_session_point *p)
{
    g_free(p->name);
    g_free(p);
}

static void set_watch_hooks(ww_session *s, bool on);

void ww_session_free(ww_session *s)
{
    if (!s)
        return;
    for (guint i = 0; i < s->points->len; i++) {
        ww_session_point *p = s->points->pdata[i];
        if (!p->watch)
            ww_cpu_break_remove(p->cpu, p->pc);
        point_free(p);
    }
    if (s->nwatch)
        set_watch_hooks(s, false);
    g_ptr_array_free(s->points, TRUE);
    for (guint i = 0; i < s->waits->len; i++) {
        serial_wait *w = s->waits->pdata[i];
        w->done(w->opaque, false, NULL);
        wait_free(w);
    }
    g_ptr_array_free(s->waits, TRUE);
    if (s->serial && s->serial->tap_opaque == s) {
        s->serial->tap = NULL;
        s->serial->tap_opaque = NULL;
    }
    if (s->kbd) {
        const ww_backend_desc *d = &s->kbd_slot->chip->cls->backends[s->kbd_slot->backend];
        ww_chip_bind_backend(s->kbd_slot->chip, d->type, d->name, s->kbd_slot->index, NULL, NULL);
        s->kbd_slot->bound = NULL;
        g_free(s->kbd);
    }
    g_string_free(s->serial_log, TRUE);
    g_array_free(s->listeners, TRUE);
    g_free(s);
}

ww_machine *ww_session_machine(ww_session *s) { return s->m; }
void ww_session_allow_files(ww_session *s, bool allow) { s->no_files = !allow; }
bool ww_session_files_allowed(ww_session *s) { return !s->no_files; }
ww_chardev *ww_session_serial(ww_session *s) { return s->serial; }
ww_session_state ww_session_state_get(ww_session *s) { return s->state; }

/* ---- run control -------------------------------------------------------------------------- */

void ww_session_stop(ww_session *s, const char *reason)
{
    if (s->state != WW_SESSION_RUNNING)
        return;
    s->state = WW_SESSION_STOPPED;
    JsonObject *d = json_object_new();
    json_object_set_string_member(d, "reason", reason);
    ww_session_emit(s, "STOP", d);
}

void ww_session_cont(ww_session *s)
{
    if (s->state != WW_SESSION_STOPPED)
        return;
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(s->m, &chips);
    for (unsigned i = 0; i < n; i++) {
        ww_cpu *c = ww_cpu_of(chips[i]);
        if (c && c->bp_on)
            ww_cpu_break_resume(c);
    }
    s->state = WW_SESSION_RUNNING;
    ww_session_emit(s, "RESUME", NULL);
}

void ww_session_shutdown(ww_session *s, const char *reason)
{
    if (s->state == WW_SESSION_SHUTDOWN)
        return;
    s->state = WW_SESSION_SHUTDOWN;
    JsonObject *d = json_object_new();
    json_object_set_boolean_member(d, "guest", !strcmp(reason, "guest-shutdown"));
    json_object_set_string_member(d, "reason", reason);
    ww_session_emit(s, "SHUTDOWN", d);
}

void ww_session_reset(ww_session *s, const char *reason)
{
    JsonObject *d = json_object_new();
    json_object_set_boolean_member(d, "guest", !strcmp(reason, "guest-reset"));
    json_object_set_string_member(d, "reason", reason);
    ww_session_emit(s, "RESET", d);
    ww_machine_reset(ww_session_machine(s), WW_RESET_HARD);
}

ww_cpu *ww_session_cpu(ww_session *s, const char *id, GError **err)
{
    if (id) {
        ww_chip *c = ww_machine_find_chip(s->m, id);
        if (!c || !ww_cpu_of(c)) {
            g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "'%s' is %s", id,
                        c ? "not a CPU" : "no chip of this machine");
            return NULL;
        }
        return ww_cpu_of(c);
    }
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(s->m, &chips);
    for (unsigned i = 0; i < n; i++) {
        ww_cpu *c = ww_cpu_of(chips[i]);
        if (c && c->chip.realized && c->clock_hz)
            return c;
    }
    g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "the machine has no CPU");
    return NULL;
}

static ww_cpu *break_cpu(ww_session *s)
{
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(s->m, &chips);
    for (unsigned i = 0; i < n; i++) {
        ww_cpu *c = ww_cpu_of(chips[i]);
        if (c && c->stop == WW_STOP_BREAK)
            return c;
    }
    return NULL;
}

static void emit_break(ww_session *s, ww_cpu *c)
{
    uint64_t pc = ww_cpu_ops_of(c)->get_pc ? ww_cpu_ops_of(c)->get_pc(c) : 0;
    JsonObject *d = json_object_new();
    for (guint i = 0; i < s->points->len; i++) {
        ww_session_point *p = s->points->pdata[i];
        if (!p->watch && p->cpu == c && p->pc == pc) {
            p->hits++;
            json_object_set_int_member(d, "id", p->id);
        }
    }
    json_object_set_string_member(d, "type", "breakpoint");
    json_object_set_string_member(d, "cpu", c->chip.id);
    json_object_set_int_member(d, "pc", (gint64)pc);
    ww_session_emit(s, "BREAKPOINT", d);
}

static void emit_watch(ww_session *s)
{
    ww_session_point *p = s->hit;
    p->hits++;
    JsonObject *d = json_object_new();
    json_object_set_int_member(d, "id", p->id);
    json_object_set_string_member(d, "type", "watchpoint");
    json_object_set_string_member(d, "register", p->name);
    json_object_set_string_member(d, "access", s->hit_write ? "write" : "read");
    json_object_set_int_member(d, "value", (gint64)s->hit_value);
    ww_session_emit(s, "BREAKPOINT", d);
}

ww_session_result ww_session_run(ww_session *s, ww_time until)
{
    if (s->state != WW_SESSION_RUNNING)
        return WW_SESSION_RAN;
    s->hit = NULL;
    s->in_run = true;
    ww_cpu_stop stop = ww_machine_run_until(s->m, until);
    s->in_run = false;
    ww_session_result r = WW_SESSION_RAN;
    ww_machine_req req = ww_machine_take_request(s->m);
    if (req == WW_REQ_POWEROFF) {
        ww_session_shutdown(s, "guest-shutdown");
        r = WW_SESSION_OFF;
    } else if (req == WW_REQ_RESET) {
        ww_session_reset(s, "guest-reset");
    } else if (stop == WW_STOP_BREAK) {
        ww_cpu *c = break_cpu(s);
        if (c)
            emit_break(s, c);
        ww_session_stop(s, "breakpoint");
        r = WW_SESSION_HIT;
    } else if (s->hit) {
        emit_watch(s);
        ww_session_stop(s, "watchpoint");
        r = WW_SESSION_HIT;
    } else if (stop == WW_STOP_FATAL) {
        ww_session_stop(s, "fatal");
        r = WW_SESSION_FATAL;
    }
    check_deadlines(s);
    return r;
}

unsigned ww_session_step(ww_session *s, ww_cpu *cpu, unsigned n, GError **err)
{
    if (!cpu && !(cpu = ww_session_cpu(s, NULL, err)))
        return 0;
    if (s->state == WW_SESSION_RUNNING)
        ww_session_stop(s, "user");
    ww_sched *sched = ww_machine_sched(s->m);
    const ww_cpu_ops *ops = ww_cpu_ops_of(cpu);
    unsigned done = 0;
    s->hit = NULL;
    for (; done < n; done++) {
        /* The first instruction passes a breakpoint it stands on. */
        if (done == 0 && cpu->bp_on)
            ww_cpu_break_resume(cpu);
        ww_time t0 = ww_sched_now(sched);
        cpu->exit_request = 0;
        cpu->stop = WW_STOP_NONE;
        uint64_t before = cpu->cycles;
        ww_sched_set_running(sched, cpu);
        s->in_run = true;
        ops->run(cpu, 1);
        s->in_run = false;
        ww_sched_set_running(sched, NULL);
        ww_time reached = ww_sched_now(sched);
        ww_sched_set_now(sched, t0);
        ww_sched_advance(sched, reached);  /* timers due in the step fire */
        if (cpu->stop == WW_STOP_BREAK || cpu->cycles == before || cpu->stop == WW_STOP_HALT ||
            cpu->stop == WW_STOP_FATAL)
            break;
    }
    if (cpu->stop == WW_STOP_BREAK)
        emit_break(s, cpu);
    else if (s->hit)
        emit_watch(s);
    ww_machine_req req = ww_machine_take_request(s->m);
    if (req == WW_REQ_POWEROFF)
        ww_session_shutdown(s, "guest-shutdown");
    else if (req == WW_REQ_RESET)
        ww_session_reset(s, "guest-reset");
    check_deadlines(s);
    return done;
}

/* ---- breakpoints and watchpoints ----------------------------------------------------------- */

static ww_session_point *add_point(ww_session *s)
{
    ww_session_point *p = g_new0(ww_session_point, 1);
    p->id = s->next_id++;
    g_ptr_array_add(s->points, p);
    return p;
}

unsigned ww_session_break(ww_session *s, ww_cpu *cpu, uint64_t pc, GError **err)
{
    if (!cpu && !(cpu = ww_session_cpu(s, NULL, err)))
        return 0;
    if (!ww_cpu_break_insert(cpu, pc)) {
        g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "%s already has a breakpoint at 0x%"
                    G_GINT64_MODIFIER "x", cpu->chip.id, pc);
        return 0;
    }
    ww_session_point *p = add_point(s);
    p->cpu = cpu;
    p->pc = pc;
    p->name = g_strdup_printf("%s@0x%" G_GINT64_MODIFIER "x", cpu->chip.id, pc);
    return p->id;
}

static void watch_hook(void *opaque, ww_space *sp, ww_chip *chip, unsigned region, uint64_t off,
                       unsigned size, bool write, uint64_t val)
{
    ww_session *s = opaque;
    if (!s->in_run || s->hit)
        return;
    for (guint i = 0; i < s->points->len; i++) {
        ww_session_point *p = s->points->pdata[i];
        if (!p->watch || p->chip != chip || p->reg->region != region)
            continue;
        uint64_t ro = ww_reg_offset(p->reg, p->index), rw = ww_reg_width(p->reg);
        if (off < ro + rw && ro < off + size) {
            s->hit = p;
            s->hit_write = write;
            s->hit_value = val;
            ww_machine_request_exit(s->m);   /* stop after this instruction */
            return;
        }
    }
}

static void set_watch_hooks(ww_session *s, bool on)
{
    ww_space *const *spaces;
    const int *alias;
    unsigned n = ww_machine_spaces(s->m, NULL, &spaces, &alias);
    for (unsigned i = 0; i < n; i++)
        if (alias[i] < 0)
            ww_space_set_watch(spaces[i], on ? watch_hook : NULL, on ? s : NULL);
}

unsigned ww_session_watch(ww_session *s, const char *what, GError **err)
{
    const char *dot = strchr(what, '.');
    if (!dot || dot == what || !dot[1]) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "'%s': expected CHIP.REGISTER, e.g. pic0.IMR",
                    what);
        return 0;
    }
    char *id = g_strndup(what, (gsize)(dot - what));
    ww_chip *c = ww_machine_find_chip(s->m, id);
    g_free(id);
    if (!c) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "'%s': no chip '%.*s' in this machine",
                    what, (int)(dot - what), what);
        return 0;
    }
    unsigned index = 0;
    const ww_reg_desc *r = ww_chip_find_reg(c->cls, dot + 1, &index);
    if (!r) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "'%s': %s (%s) has no register '%s'", what,
                    c->id, c->cls->type, dot + 1);
        return 0;
    }
    if (r->flags & WW_REG_INTERNAL) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "'%s' is internal (not at a bus "
                    "address): the guest cannot touch it through a bus", what);
        return 0;
    }
    ww_session_point *p = add_point(s);
    p->watch = true;
    p->chip = c;
    p->reg = r;
    p->index = index;
    char name[64];
    ww_reg_name(r, index, name, sizeof name);
    p->name = g_strdup_printf("%s.%s", c->id, name);
    if (s->nwatch++ == 0)
        set_watch_hooks(s, true);
    return p->id;
}

bool ww_session_delete(ww_session *s, unsigned id, GError **err)
{
    for (guint i = 0; i < s->points->len; i++) {
        ww_session_point *p = s->points->pdata[i];
        if (p->id != id)
            continue;
        if (p->watch) {
            if (--s->nwatch == 0)
                set_watch_hooks(s, false);
        } else {
            ww_cpu_break_remove(p->cpu, p->pc);
        }
        g_ptr_array_remove_index(s->points, i);
        point_free(p);
        return true;
    }
    g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "no breakpoint or watchpoint %u", id);
    return false;
}

unsigned ww_session_points(ww_session *s, ww_session_point *const **out)
{
    *out = (ww_session_point *const *)s->points->pdata;
    return s->points->len;
}
