// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "escape.h"

/* What Markdown or HTML could read as markup inside a line. */
static const char md_special[] = "\\`*_{}[]()<>#!|~&$";

void gba_md(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			fputc(' ', out);
		else if (strchr(md_special, c))
			fprintf(out, "\\%c", c);
		else
			fputc(c, out);
	}
}

void gba_md_str(char *dst, size_t len, const char *s)
{
	size_t o = 0;

	if (!len)
		return;
	for (; *s && o + 3 <= len; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f) {
			dst[o++] = ' ';
		} else {
			if (strchr(md_special, c))
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
