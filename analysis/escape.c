// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <string.h>

#include "escape.h"

/*
 * What Markdown or HTML could read as markup inside a line.  Parentheses
 * are not: with [ and ] escaped no link can form around them.
 */
static const char md_special[] = "\\`*_{}[]<>#!|~&$";

static bool alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * Does s[i] need a backslash?  An underscore inside a word (io_uring) is
 * literal in CommonMark and GFM: it cannot open or close emphasis, so
 * plain text keeps it as written.
 */
static bool needs_escape(const char *s, size_t i)
{
	if (!strchr(md_special, s[i]))
		return false;
	return s[i] != '_' || !i || !alnum(s[i - 1]) || !alnum(s[i + 1]);
}

void gba_md(FILE *out, const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			fputc(' ', out);
		else if (needs_escape(s, i))
			fprintf(out, "\\%c", c);
		else
			fputc(c, out);
	}
}

void gba_md_str(char *dst, size_t len, const char *s)
{
	size_t o = 0, i;

	if (!len)
		return;
	for (i = 0; s[i] && o + 3 <= len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f) {
			dst[o++] = ' ';
		} else {
			if (needs_escape(s, i))
				dst[o++] = '\\';
			dst[o++] = (char)c;
		}
	}
	dst[o] = '\0';
}

void gba_gp_safe(char *dst, size_t len, const char *s)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;_+=()/%-";
	size_t i;

	if (!len)
		return;
	for (i = 0; s[i] && i + 1 < len; i++)
		dst[i] = strchr(ok, s[i]) ? s[i] : '?';
	dst[i] = '\0';
}
