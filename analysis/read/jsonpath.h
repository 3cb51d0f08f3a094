/* SPDX-License-Identifier: GPL-2.0 */
/* A value inside a record by its dotted path: the reader's one lookup. */
#ifndef GBA_JSONPATH_H
#define GBA_JSONPATH_H

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* The value at a dotted path ("counters.drains_all"), or NULL. */
static inline json_t *gba_path(json_t *obj, const char *path)
{
	char buf[128], *save = NULL, *part;

	snprintf(buf, sizeof(buf), "%s", path);
	for (part = strtok_r(buf, ".", &save); part && obj;
	     part = strtok_r(NULL, ".", &save))
		obj = json_is_object(obj) ? json_object_get(obj, part) : NULL;
	return obj;
}

#endif
