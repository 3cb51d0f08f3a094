/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A pin call's verdicts, decided in one place before anything is
 * written: the after-pin placement check, and whether the call drained,
 * and whether that drain was needed, a false positive, or missed.  They
 * are kept in the call's record (struct gb_verdict, output/call_record.h).
 */
#ifndef GB_VERDICT_H
#define GB_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

struct gb_sample_rec;

/* Placement reached: at least this fraction of the buffer where asked. */
#define GB_PLACE_ENOUGH	0.95

/* After-pin placement check: true when it failed (a kernel bug). */
bool gb_rec_check_failed(const struct gb_sample_rec *r);

/* Fill r->verdict from the rest of r. */
void gb_verdict_decide(struct gb_sample_rec *r);

#endif
