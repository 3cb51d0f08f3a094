/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.html from report.md and the charts beside it: the same text,
 * every chart inline as SVG (a data: URI, so the page needs nothing
 * else and an SVG cannot run script in it), appendices folded.  It
 * reads the Markdown gbstat writes (headings, tables, lists, text
 * blocks, images, **bold**, `code`, backslash escapes), not Markdown at
 * large; every character of text is HTML-escaped.
 */
#ifndef GBA_HTML_H
#define GBA_HTML_H

#include <stddef.h>

/* Write DIR/report.html; -1 with one line in err. */
int gba_html(const char *dir, char *err, size_t len);

#endif
