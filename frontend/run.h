/* frontend/run.h — `wirewrap run` as a function, so tests can call it. */
#ifndef WW_FRONTEND_RUN_H
#define WW_FRONTEND_RUN_H

int ww_run_main(int argc, char **argv);

/* main() notes when the process started working, for `run --stats`. */
void ww_run_note_start(void);

#endif
