// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "escape.h"

void gba_md(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			fputc(' ', out);
		else if (strchr("\\`*_{}[]()<>#!|~&$", c))
			fprintf(out, "\\%c", c);
		else
			fputc(c, out);
	}
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
