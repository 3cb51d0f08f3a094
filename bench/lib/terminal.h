/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What reaches a terminal, the same way in gupbench and gbstat.  A full
 * disk or a closed pipe on stdout is a failure, not a success with the
 * table lost: checked once at exit.  Text from files or the kernel is
 * printed as text: control characters become '?'.
 */
#ifndef GB_TERMINAL_H
#define GB_TERMINAL_H

/* Register first in main(): it runs last, after every other handler. */
void gb_stdout_check_at_exit(const char *prog);

void gb_text_clean(char *s);

#endif
