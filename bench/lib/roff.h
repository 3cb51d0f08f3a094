/* SPDX-License-Identifier: GPL-2.0 */
/* Text into a manual page (roff), for gupbench's and gbstat's man pages. */
#ifndef GB_ROFF_H
#define GB_ROFF_H

#include <stdio.h>

/*
 * s as roff text: a backslash is \e, a hyphen \- (an option's, not a
 * dash), a newline a space (a request only starts a line we write).
 */
void gb_roff(FILE *f, const char *s);

#endif
