/* SPDX-License-Identifier: GPL-2.0 */
/* The readable table at the end of a run, rendered from the records. */
#ifndef GB_SUMMARY_H
#define GB_SUMMARY_H

#include <stdio.h>

#include "record.h"

struct gb_summary;

struct gb_summary *gb_summary_new(void);
void gb_summary_add(struct gb_summary *s, const struct gb_sample_rec *r);
void gb_summary_print(const struct gb_summary *s, FILE *f);
void gb_summary_free(struct gb_summary *s);

/* Percentile (0..100) of n sorted values, nearest rank. */
uint64_t gb_percentile(const uint64_t *sorted, size_t n, double pct);

#endif
