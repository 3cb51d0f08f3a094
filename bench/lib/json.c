// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <unistd.h>

#include "json.h"

void gb_json_init(struct gb_json *j, FILE *f, bool sync)
{
	j->f = f;
	j->sync = sync;
	j->depth = 0;
	j->need_comma[0] = false;
	j->after_key = false;
	j->err = 0;
}

static void value_prefix(struct gb_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->need_comma[j->depth])
		fputc(',', j->f);
	j->need_comma[j->depth] = true;
}

static void open_(struct gb_json *j, char c)
{
	value_prefix(j);
	fputc(c, j->f);
	if (j->depth + 1 < GB_JSON_DEPTH)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_(struct gb_json *j, char c)
{
	fputc(c, j->f);
	if (j->depth > 0)
		j->depth--;
}

void gb_json_obj_begin(struct gb_json *j) { open_(j, '{'); }
void gb_json_obj_end(struct gb_json *j) { close_(j, '}'); }
void gb_json_arr_begin(struct gb_json *j) { open_(j, '['); }
void gb_json_arr_end(struct gb_json *j) { close_(j, ']'); }

/* Bytes of the valid UTF-8 sequence at p, or 0 if it is not one. */
static int utf8_len(const unsigned char *p)
{
	int n, i;

	if (*p < 0x80)
		return 1;
	if (*p >= 0xc2 && *p <= 0xdf)
		n = 2;
	else if (*p >= 0xe0 && *p <= 0xef)
		n = 3;
	else if (*p >= 0xf0 && *p <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong forms, UTF-16 surrogates, beyond U+10FFFF. */
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
		return 0;
	return n;
}

/*
 * JSON is UTF-8: a byte that is not part of valid UTF-8 (a path from the
 * command line may hold any) becomes U+FFFD, so the file stays readable.
 */
static void write_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	fputc('"', f);
	for (; *p; p++) {
		if (*p >= 0x80) {
			int n = utf8_len(p);

			if (!n) {
				fputs("\\ufffd", f);
				continue;
			}
			fwrite(p, 1, (size_t)n, f);
			p += n - 1;
			continue;
		}
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void gb_json_key(struct gb_json *j, const char *key)
{
	value_prefix(j);
	write_string(j->f, key);
	fputc(':', j->f);
	j->after_key = true;
}

void gb_json_str(struct gb_json *j, const char *s)
{
	value_prefix(j);
	write_string(j->f, s);
}

void gb_json_u64(struct gb_json *j, uint64_t v)
{
	value_prefix(j);
	fprintf(j->f, "%" PRIu64, v);
}

void gb_json_i64(struct gb_json *j, int64_t v)
{
	value_prefix(j);
	fprintf(j->f, "%" PRId64, v);
}

void gb_json_dbl(struct gb_json *j, double v)
{
	value_prefix(j);
	if (isfinite(v))
		fprintf(j->f, "%.6g", v);
	else
		fputs("null", j->f);
}

void gb_json_bool(struct gb_json *j, bool v)
{
	value_prefix(j);
	fputs(v ? "true" : "false", j->f);
}

void gb_json_null(struct gb_json *j)
{
	value_prefix(j);
	fputs("null", j->f);
}

int gb_json_line_end(struct gb_json *j)
{
	fputc('\n', j->f);
	j->depth = 0;
	j->need_comma[0] = false;
	j->after_key = false;
	if (fflush(j->f) || ferror(j->f)) {
		if (!j->err)
			j->err = errno ? -errno : -EIO;
		return j->err;
	}
	if (j->sync && fdatasync(fileno(j->f)) && errno != EINVAL &&
	    errno != EROFS) {
		if (!j->err)
			j->err = -errno;
		return j->err;
	}
	return 0;
}

void gb_json_kv_str(struct gb_json *j, const char *k, const char *v)
{
	gb_json_key(j, k);
	gb_json_str(j, v);
}

void gb_json_kv_u64(struct gb_json *j, const char *k, uint64_t v)
{
	gb_json_key(j, k);
	gb_json_u64(j, v);
}

void gb_json_kv_i64(struct gb_json *j, const char *k, int64_t v)
{
	gb_json_key(j, k);
	gb_json_i64(j, v);
}

void gb_json_kv_dbl(struct gb_json *j, const char *k, double v)
{
	gb_json_key(j, k);
	gb_json_dbl(j, v);
}

void gb_json_kv_bool(struct gb_json *j, const char *k, bool v)
{
	gb_json_key(j, k);
	gb_json_bool(j, v);
}

void gb_json_kv_u64_or_null(struct gb_json *j, const char *k, bool known,
			    uint64_t v)
{
	gb_json_key(j, k);
	known ? gb_json_u64(j, v) : gb_json_null(j);
}

void gb_json_kv_str_or_null(struct gb_json *j, const char *k, const char *v)
{
	gb_json_key(j, k);
	v ? gb_json_str(j, v) : gb_json_null(j);
}

void gb_json_kv_bool_or_null(struct gb_json *j, const char *k, bool known,
			     bool v)
{
	gb_json_key(j, k);
	known ? gb_json_bool(j, v) : gb_json_null(j);
}
