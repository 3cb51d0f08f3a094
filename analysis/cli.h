/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gbstat's commands and options as data: getopt's table, the help text
 * and the manual page all come from here, so they cannot disagree.
 */
#ifndef GBA_CLI_H
#define GBA_CLI_H

#include <getopt.h>
#include <stdio.h>

/* getopt_long's table (ends with a zeroed entry). */
const struct option *gba_cli_longopts(void);
void gba_cli_help(FILE *f);
/* The manual page, roff, for man -l. */
void gba_cli_man(FILE *f);

#endif
