/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strings from a results file are data, never code: what reaches
 * Markdown or gnuplot goes through here first.
 */
#ifndef GBA_ESCAPE_H
#define GBA_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/*
 * Write s as Markdown text: every character Markdown or HTML could read
 * as markup inside a line (\ ` * _ { } [ ] ( ) < > # ! | ~ & $)
 * backslash-escaped,
 * control characters and newlines as spaces, so a table cell stays one
 * cell and nothing becomes a link, an image or a tag.
 */
void gba_md(FILE *out, const char *s);
/* The same into dst (len bytes), cut where it would not fit. */
void gba_md_str(char *dst, size_t len, const char *s);

/*
 * Copy s into dst (len bytes) keeping only letters, digits, space and
 * . , : ; _ + = ( ) / % - and replacing anything else by '?': the
 * result is safe inside a single-quoted gnuplot string (where gnuplot
 * does no backquote, macro or backslash expansion) and inside a quoted
 * header of a gnuplot data file.
 */
void gba_gp_safe(char *dst, size_t len, const char *s);

#endif
