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

static void write_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	fputc('"', f);
	for (; *p; p++) {
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

void gb_json_count(struct gb_json *j, struct gb_count c)
{
	if (c.valid)
		gb_json_u64(j, c.value);
	else
		gb_json_null(j);
}

int gb_json_line_end(struct gb_json *j)
{
	fputc('\n', j->f);
	j->depth = 0;
	j->need_comma[0] = false;
	j->after_key = false;
	if (fflush(j->f))
		return -errno;
	if (j->sync && fdatasync(fileno(j->f)) && errno != EINVAL &&
	    errno != EROFS)
		return -errno;
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
