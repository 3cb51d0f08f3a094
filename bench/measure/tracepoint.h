/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoint metadata from tracefs (event ids, field offsets, symbolic
 * values) and kernel symbol addresses from /proc/kallsyms: what raw
 * perf samples need to be read.
 */
#ifndef GB_TRACEPOINT_H
#define GB_TRACEPOINT_H

#include <stddef.h>
#include <stdint.h>

struct gb_tp_field {
	int offset;
	int size;
};

/* Event id of "system:name"; >= 0, or -errno. */
long gb_tp_id(const char *tracefs, const char *event);
/* Offset and size of a field from the event's format text; 0 or -ENOENT. */
int gb_tp_field_parse(const char *format, const char *field,
		      struct gb_tp_field *out);
int gb_tp_field(const char *tracefs, const char *event, const char *field,
		struct gb_tp_field *out);
/* The number __print_symbolic maps to name, e.g. "longterm_pin" -> 7. */
int gb_tp_symbolic_parse(const char *format, const char *name, long *val);
int gb_tp_symbolic(const char *tracefs, const char *event, const char *name,
		   long *val);

/* Address of a kernel symbol; 0 or -ENOENT, -EPERM when hidden. */
int gb_kallsyms_addr(const char *kallsyms, const char *sym, uint64_t *addr);

#endif
