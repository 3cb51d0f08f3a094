/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer for JSON Lines: one record per line,
 * flushed and synced when the line ends so a crash loses at most the
 * record being written.
 */
#ifndef GB_JSON_H
#define GB_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define GB_JSON_DEPTH	16

struct gb_json {
	FILE *f;
	bool sync;		/* fdatasync() at each line end */
	int depth;
	bool need_comma[GB_JSON_DEPTH];
	bool after_key;
	int err;		/* first write error (-errno), sticky */
};

void gb_json_init(struct gb_json *j, FILE *f, bool sync);
void gb_json_obj_begin(struct gb_json *j);
void gb_json_obj_end(struct gb_json *j);
void gb_json_arr_begin(struct gb_json *j);
void gb_json_arr_end(struct gb_json *j);
void gb_json_key(struct gb_json *j, const char *key);
void gb_json_str(struct gb_json *j, const char *s);
void gb_json_u64(struct gb_json *j, uint64_t v);
void gb_json_i64(struct gb_json *j, int64_t v);
void gb_json_dbl(struct gb_json *j, double v);	/* NaN/inf -> null */
void gb_json_bool(struct gb_json *j, bool v);
void gb_json_null(struct gb_json *j);
/*
 * End the record: newline, flush, sync; 0 or -errno.  A failure also
 * stays in j->err, so a caller checking once per record misses none.
 */
int gb_json_line_end(struct gb_json *j);

/* key: value shorthands */
void gb_json_kv_str(struct gb_json *j, const char *k, const char *v);
void gb_json_kv_u64(struct gb_json *j, const char *k, uint64_t v);
void gb_json_kv_i64(struct gb_json *j, const char *k, int64_t v);
void gb_json_kv_dbl(struct gb_json *j, const char *k, double v);
void gb_json_kv_bool(struct gb_json *j, const char *k, bool v);
/* key: value, or key: null when the value is not known. */
void gb_json_kv_u64_or_null(struct gb_json *j, const char *k, bool known,
			    uint64_t v);
void gb_json_kv_str_or_null(struct gb_json *j, const char *k, const char *v);
void gb_json_kv_bool_or_null(struct gb_json *j, const char *k, bool known,
			     bool v);

#endif
