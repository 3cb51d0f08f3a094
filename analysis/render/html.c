// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "html.h"
#include "outfile.h"
#include "../read/regfile.h"

/* The largest report.md and chart read: far above what gbstat writes. */
#define MAX_MD		(64u << 20)
#define MAX_SVG		(32u << 20)

/*
 * A file of the report folder, whole: a regular file, not a link (a chart
 * name linked to /etc/hostname would have put that file in the page).
 */
static char *slurp(const char *path, size_t max, size_t *n)
{
	struct stat st;
	char *buf, err[512];
	FILE *f = gba_fopen_regular(path, max, true, err, sizeof(err));

	if (!f)
		return NULL;
	if (fstat(fileno(f), &st)) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	*n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
	if (buf && (ferror(f) || *n != (size_t)st.st_size)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf)
		buf[*n] = '\0';
	return buf;
}

static void esc_char(FILE *o, char c)
{
	switch (c) {
	case '&': fputs("&amp;", o); break;
	case '<': fputs("&lt;", o); break;
	case '>': fputs("&gt;", o); break;
	case '"': fputs("&quot;", o); break;
	case '\'': fputs("&#39;", o); break;
	default: fputc(c, o);
	}
}

static void esc(FILE *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		esc_char(o, s[i]);
}

/* One line of Markdown text: escapes, **bold**, `code`; all else is text. */
static void inline_md(FILE *o, const char *s, size_t n)
{
	bool strong = false, code = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && !code) {
			esc_char(o, s[++i]);
		} else if (s[i] == '`') {
			fputs(code ? "</code>" : "<code>", o);
			code = !code;
		} else if (!code && s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
			fputs(strong ? "</strong>" : "<strong>", o);
			strong = !strong;
			i++;
		} else {
			esc_char(o, s[i]);
		}
	}
	if (code)
		fputs("</code>", o);
	if (strong)
		fputs("</strong>", o);
}

/* A table row's cells: split at '|' that no backslash escapes. */
static void table_row(FILE *o, const char *s, size_t n, const char *tag)
{
	size_t i = 0, start;

	fputs("<tr>", o);
	if (n && s[0] == '|')
		i = 1;
	while (i < n) {
		for (start = i; i < n && s[i] != '|'; i++)
			if (s[i] == '\\' && i + 1 < n)
				i++;
		if (i >= n && start == i)
			break;
		while (start < i && s[start] == ' ')
			start++;
		fprintf(o, "<%s>", tag);
		inline_md(o, s + start, i - start - (i > start && s[i - 1] == ' '));
		fprintf(o, "</%s>", tag);
		i++;
	}
	fputs("</tr>\n", o);
}

static void base64(FILE *o, const unsigned char *d, size_t n)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		fputc(t[d[i] >> 2], o);
		fputc(t[((d[i] & 3) << 4) | (d[i + 1] >> 4)], o);
		fputc(t[((d[i + 1] & 15) << 2) | (d[i + 2] >> 6)], o);
		fputc(t[d[i + 2] & 63], o);
	}
	if (n - i == 1) {
		fputc(t[d[i] >> 2], o);
		fputc(t[(d[i] & 3) << 4], o);
		fputs("==", o);
	} else if (n - i == 2) {
		fputc(t[d[i] >> 2], o);
		fputc(t[((d[i] & 3) << 4) | (d[i + 1] >> 4)], o);
		fputc(t[(d[i + 1] & 15) << 2], o);
		fputc('=', o);
	}
}

/*
 * "![title](name.png) ..." with name of [a-z_] only (gbstat's charts):
 * the SVG beside it, inline, or a note that it was not drawn.
 */
static bool image(FILE *o, const char *dir, const char *s, size_t n)
{
	const char *alt = s + 2, *alt_end, *file, *dot;
	char name[64], path[4096];
	size_t k, svg_n;
	char *svg;

	if (n < 4 || strncmp(s, "![", 2))
		return false;
	alt_end = memchr(alt, ']', n - 2);
	if (!alt_end || (size_t)(alt_end - s) + 2 >= n || alt_end[1] != '(')
		return false;
	file = alt_end + 2;
	dot = memchr(file, '.', n - (size_t)(file - s));
	if (!dot || dot == file || (size_t)(dot - file) >= sizeof(name) - 4)
		return false;
	for (k = 0; file + k < dot; k++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz_", file[k]))
			return false;
	snprintf(name, sizeof(name), "%.*s.svg", (int)(dot - file), file);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	svg = slurp(path, MAX_SVG, &svg_n);
	fputs("<figure>", o);
	if (svg) {
		fputs("<img alt=\"", o);
		inline_md(o, alt, (size_t)(alt_end - alt));
		fputs("\" src=\"data:image/svg+xml;base64,", o);
		base64(o, (const unsigned char *)svg, svg_n);
		fputs("\">", o);
		free(svg);
	} else {
		fprintf(o, "<p class=\"missing\">Chart not drawn: no %s in this folder (plots/render.sh draws it with gnuplot).</p>", name);
	}
	fputs("</figure>\n", o);
	return true;
}

static void close_blocks(FILE *o, bool *list, bool *table)
{
	if (*list)
		fputs("</ul>\n", o);
	if (*table)
		fputs("</tbody></table></div>\n", o);
	*list = *table = false;
}

static void convert(FILE *o, const char *dir, const char *md)
{
	bool list = false, table = false, pre = false, details = false;
	const char *p = md, *nl;
	size_t n;
	int level, section = 0, sub = 0;

	while (*p) {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (pre) {
			if (n == 3 && !strncmp(p, "```", 3)) {
				fputs("</pre>\n", o);
				pre = false;
			} else {
				esc(o, p, n);
				fputc('\n', o);
			}
		} else if (n >= 3 && !strncmp(p, "```", 3)) {
			close_blocks(o, &list, &table);
			fputs("<pre>", o);
			pre = true;
		} else if (p[0] == '#') {
			close_blocks(o, &list, &table);
			for (level = 0; level < (int)n && p[level] == '#'; level++)
				;
			/* The appendices fold: the answer comes first. */
			if (level == 2 && details) {
				fputs("</details>\n", o);
				details = false;
			}
			if (level == 2 && n > 12 && !strncmp(p, "## Appendix", 11)) {
				fputs("<details>\n<summary>", o);
				inline_md(o, p + 3, n - 3);
				fputs("</summary>\n", o);
				details = true;
			} else {
				/* Every heading its own id: s4 for a section, s4.2 under it. */
				if (level == 2)
					section++, sub = 0;
				if (level == 2)
					fprintf(o, "<h2 id=\"s%d\">", section);
				else
					fprintf(o, "<h%d id=\"s%d.%d\">", level > 6 ? 6 : level, section, ++sub);
				inline_md(o, p + level + 1 > p + n ? p + n : p + level + 1,
					  n > (size_t)level ? n - (size_t)level - 1 : 0);
				fprintf(o, "</h%d>\n", level > 6 ? 6 : level);
			}
		} else if (p[0] == '|') {
			if (list) {
				fputs("</ul>\n", o);
				list = false;
			}
			if (!table) {
				fputs("<div class=\"wide\"><table><thead>", o);
				table_row(o, p, n, "th");
				fputs("</thead><tbody>\n", o);
				table = true;
			} else if (strspn(p, "|-: ") != n) {
				table_row(o, p, n, "td");
			}
		} else if (n >= 2 && !strncmp(p, "- ", 2)) {
			if (table) {
				fputs("</tbody></table></div>\n", o);
				table = false;
			}
			if (!list)
				fputs("<ul>\n", o);
			list = true;
			fputs("<li>", o);
			inline_md(o, p + 2, n - 2);
			fputs("</li>\n", o);
		} else if (!n) {
			close_blocks(o, &list, &table);
		} else if (!image(o, dir, p, n)) {
			close_blocks(o, &list, &table);
			fputs("<p>", o);
			inline_md(o, p, n);
			fputs("</p>\n", o);
		}
		p += n + (nl ? 1 : 0);
	}
	if (pre)
		fputs("</pre>\n", o);
	close_blocks(o, &list, &table);
	if (details)
		fputs("</details>\n", o);
}

int gba_html(const char *dir, char *err, size_t len)
{
	char path[4096];
	struct gba_out out;
	size_t n;
	char *md;

	snprintf(path, sizeof(path), "%s/report.md", dir);
	md = slurp(path, MAX_MD, &n);
	if (!md) {
		snprintf(err, len, "%s: cannot read it (gbstat report writes it): %s", path,
			 errno ? strerror(errno) : "not a regular file or too large");
		return -1;
	}
	if (strlen(md) != n) {
		snprintf(err, len, "%s: holds a NUL byte: not a report gbstat wrote", path);
		free(md);
		return -1;
	}
	if (gba_out_open(&out, dir, "report.html", err, len)) {
		free(md);
		return -1;
	}
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>gupbench report</title>\n<style>\n"
	      "body{font-family:sans-serif;max-width:1250px;margin:1em auto;padding:0 1em;line-height:1.4}\n"
	      "table{border-collapse:collapse;font-size:90%}td,th{border:1px solid #bbb;padding:2px 6px;text-align:left}\n"
	      "th{background:#eee}.wide{overflow-x:auto}pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap;overflow-wrap:anywhere}\n"
	      "figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #ddd}\n"
	      ".missing{color:#a00}summary{font-size:120%;font-weight:bold;cursor:pointer;margin:1em 0}\n"
	      "</style></head><body>\n", out.f);
	convert(out.f, dir, md);
	fputs("</body></html>\n", out.f);
	free(md);
	return gba_out_close(&out, err, len);
}
