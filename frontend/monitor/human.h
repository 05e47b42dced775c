/* frontend/monitor/human.h — the human monitor on a terminal (human.c). */
#ifndef WW_FRONTEND_HUMAN_H
#define WW_FRONTEND_HUMAN_H
#include "core/session.h"

typedef struct ww_human ww_human;
ww_human *ww_human_new(ww_session *s);
void ww_human_free(ww_human *h);
void ww_human_set_tty(ww_human *h, bool raw_tty);
void ww_human_input(ww_human *h, const uint8_t *buf, size_t len);
void ww_human_prompt(ww_human *h);
/* Between chunks: run the lines typed while a command was pending. */
void ww_human_idle(ww_human *h);

#endif
