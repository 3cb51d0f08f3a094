/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A full disk or a closed pipe on stdout is a failure, not a success
 * with the table lost: checked once at exit, in gupbench and gbstat.
 */
#ifndef GB_STDOUT_CHECK_H
#define GB_STDOUT_CHECK_H

/* Register first in main(): it runs last, after every other handler. */
void gb_stdout_check_at_exit(const char *prog);

#endif
