// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sequential.h"
#include "twosample.h"

/*
 * Lan-DeMets O'Brien-Fleming-type spending, alpha(t) = 2 - 2 Phi(z / sqrt(t)),
 * at the two-sided level 0.001 (z = 3.2905): the level one comparison
 * faces once the gate's Holm correction spreads 0.05 over some fifty
 * rows.  Its shares (normalised to sum to 1, then scaled by whatever
 * level the gate uses) leave nearly all of the level to the last look,
 * where a fixed design would spend it, and a little to the middle ones:
 * 4 calls a side cannot reach any useful level anyway (their smallest
 * p-value is 2 / C(8, 4) = 0.029).
 */
static double obf_spent(double t)
{
	const double z = 3.2905267314919;

	return erfc(z / sqrt(2.0 * t));
}

int gb_seq_parse(const char *spec, struct gb_seq_design *d, char *err, size_t len)
{
	const char *s = spec;
	double prev = 0, last;
	int k;

	d->nr_looks = 0;
	while (*s) {
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(s, &end, 10);
		if (end == s || errno || v < 2 || v > 100000 || (*end && *end != ',')) {
			snprintf(err, len, "'%.40s': calls per side at each look, e.g. 4,8,12 (each at least 2)", spec);
			return -1;
		}
		if (d->nr_looks == GB_SEQ_MAX_LOOKS) {
			snprintf(err, len, "'%.40s': at most %d looks", spec, GB_SEQ_MAX_LOOKS);
			return -1;
		}
		if (d->nr_looks && v <= d->looks[d->nr_looks - 1]) {
			snprintf(err, len, "'%.40s': each look needs more calls than the one before", spec);
			return -1;
		}
		d->looks[d->nr_looks++] = (unsigned)v;
		s = *end ? end + 1 : end;
	}
	if (d->nr_looks < 2) {
		snprintf(err, len, "'%.40s': at least two looks (one is --reps N)", spec);
		return -1;
	}
	last = d->looks[d->nr_looks - 1];
	for (k = 0; k < d->nr_looks; k++) {
		double now = obf_spent(d->looks[k] / last);

		d->spend[k] = (now - prev) / obf_spent(1.0);
		prev = now;
	}
	return 0;
}

double gb_seq_adjust(const struct gb_seq_design *d, int look, double p)
{
	double q;

	if (!d->nr_looks || look < 0 || look >= d->nr_looks)
		return p;
	q = p / d->spend[look];
	return q > 1 ? 1 : q;
}

static double mean(const double *v, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += v[i];
	return s / (double)n;
}

/*
 * The exact test's work grows with the counts' sum (device-private's
 * ~930 local drains a call): gupbench decides under TCG between calls,
 * so past GB_SEQ_EXACT_OPS it takes the rank test instead.  Any rule may
 * choose when to stop; gbstat's verdict is exact whatever it chose.
 */
static bool exact_is_cheap(const double *a, size_t na, const double *b, size_t nb)
{
	double total = 0;
	size_t i;

	for (i = 0; i < na; i++)
		total += a[i];
	for (i = 0; i < nb; i++)
		total += b[i];
	return (double)(na + nb) * (double)nb * (total + 1) <= GB_SEQ_EXACT_OPS;
}

enum gb_seq_state gb_seq_judge(const double *a, size_t na, const double *b, size_t nb,
			       const struct gb_seq_metric *m, const struct gb_seq_design *d,
			       int look, double alpha)
{
	double p, ma, diff, band, va, vb, upper, last, findable;

	if (!na || !nb)
		return GB_SEQ_UNMEASURED;
	if (m->counts && gb_constant(a, na) && gb_constant(b, nb))
		return GB_SEQ_CONSTANT;
	p = m->counts && exact_is_cheap(a, na, b, nb) ? gb_count_means_exact(a, na, b, nb)
						      : gb_mann_whitney(a, na, b, nb);
	if (p >= 0 && gb_seq_adjust(d, look, p) < alpha)
		return GB_SEQ_SEPARATED;
	/*
	 * Futile: the difference, at its 95% upper bound, is inside the
	 * gate's band (the threshold of the base, or the metric's floor,
	 * whichever is larger: the gate would call it the same) or below
	 * the smallest difference the last look could find with 80% power
	 * at this spread (it would stay inconclusive).  Either way more
	 * calls would not change the gate's answer.  (For a time, means
	 * stand in for medians: an estimate of when to stop, not a verdict.)
	 */
	if (na < 2 || nb < 2)
		return GB_SEQ_OPEN;
	ma = mean(a, na);
	diff = fabs(mean(b, nb) - ma);
	band = fmax(m->threshold * fabs(ma), m->floor);
	va = gb_variance(a, na);
	vb = gb_variance(b, nb);
	upper = diff + gb_probit(0.95) * sqrt(va / (double)na + vb / (double)nb);
	last = d->looks[d->nr_looks - 1];
	findable = (gb_probit(1 - alpha / 2) + gb_probit(0.8)) *
		   sqrt((va + vb) / 2) * sqrt(2 / last);
	if (upper < band || upper < findable)
		return GB_SEQ_FUTILE;
	return GB_SEQ_OPEN;
}
