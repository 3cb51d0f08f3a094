// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "doctor.h"
#include "../cases/cases.h"

static unsigned long movable_pages(const struct gb_layout *l)
{
	unsigned long n = 0;
	int i;

	for (i = 0; i < l->nr_zones; i++)
		if (!strcmp(l->zones[i].name, "Movable"))
			n += l->zones[i].present;
	return n;
}

const char *gb_study_lacks(const struct gb_envelope *e, char *buf, size_t len)
{
	bool memory = movable_pages(e->layout) || e->layout->nr_cma;

	if (memory && e->policy_sw.present)
		return NULL;
	snprintf(buf, len, "%s%s%s", memory ? "" : "ZONE_MOVABLE/CMA",
		 !memory && !e->policy_sw.present ? " and " : "",
		 e->policy_sw.present ? "" : "the drain-policy switch");
	return buf;
}

static void row(FILE *f, const char *what, const char *text)
{
	fprintf(f, "  %-13s %s\n", what, text);
}

/* "N of M", then each reason once with (up to three of) its counters. */
static void counters_row(FILE *f, const struct gb_envelope *e)
{
	char text[2048];
	size_t off;
	int i, k, have = 0, n;

	for (i = 0; i < GB_CTR_NR; i++)
		have += !e->ctr_reason[i];
	off = (size_t)snprintf(text, sizeof(text), "%d of %d", have, GB_CTR_NR);
	for (i = 0; i < GB_CTR_NR && off < sizeof(text); i++) {
		const char *r = e->ctr_reason[i];

		for (k = 0; r && k < i; k++)
			if (e->ctr_reason[k] && !strcmp(e->ctr_reason[k], r))
				break;
		if (!r || k < i)
			continue;	/* counted, or its reason said already */
		off += (size_t)snprintf(text + off, sizeof(text) - off, "; no ");
		for (k = i, n = 0; k < GB_CTR_NR && off < sizeof(text); k++) {
			if (!e->ctr_reason[k] || strcmp(e->ctr_reason[k], r))
				continue;
			if (n++ < 3)
				off += (size_t)snprintf(text + off, sizeof(text) - off, "%s%s",
							n > 1 ? "," : "", gb_ctr_info[k].name);
		}
		if (off < sizeof(text))
			off += (size_t)snprintf(text + off, sizeof(text) - off, "%s: %s",
						n > 3 ? "..." : "", r);
	}
	row(f, "counters", text);
}

static void pinners_row(FILE *f, const struct gb_envelope *e)
{
	char text[2048];
	size_t off = 0;
	int i, n = 0;

	text[0] = '\0';
	for (i = 0; gb_pinners[i] && off < sizeof(text); i++)
		if (!e->pinner_reason[i])
			off += (size_t)snprintf(text + off, sizeof(text) - off, "%s%s",
						n++ ? ", " : "", gb_pinners[i]->name);
	for (i = 0; gb_pinners[i] && off < sizeof(text); i++)
		if (e->pinner_reason[i])
			off += (size_t)snprintf(text + off, sizeof(text) - off, "; no %s: %s",
						gb_pinners[i]->name, e->pinner_reason[i]);
	row(f, "pin paths", text);
}

void gb_doctor_print(FILE *f, const struct gb_envelope *e)
{
	const struct gb_layout *l = e->layout;
	char text[1024], lacks[128];
	unsigned long movable = movable_pages(l);
	size_t off = 0;
	int i;

	fprintf(f, "gupbench doctor: %s, kernel %s\n", e->topo->summary, e->release);
	snprintf(text, sizeof(text), "yes: %lu pages", movable);
	row(f, "ZONE_MOVABLE", movable ? text :
	    "no: boot the host with movablecore=SIZE (docs/bare-metal.md)");
	off = (size_t)snprintf(text, sizeof(text), "yes: ");
	for (i = 0; i < l->nr_cma && off < sizeof(text); i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off, "%s%s",
					i ? ", " : "", l->cma[i].name);
	row(f, "CMA", l->nr_cma ? text :
	    "no: boot the host with cma=SIZE on a kernel with CONFIG_CMA_DEBUGFS (docs/bare-metal.md)");
	snprintf(text, sizeof(text), "yes: %s in force", e->policy_sw.current);
	row(f, "drain switch", e->policy_sw.present ? text :
	    "no: build the patched kernel for this host: kernel-configs/build-kernel.sh --base distro (docs/bare-metal.md)");
	counters_row(f, e);
	pinners_row(f, e);
	if (!gb_study_lacks(e, lacks, sizeof(lacks))) {
		row(f, "run_bench.sh", "runs the study on this host");
	} else {
		snprintf(text, sizeof(text),
			 "runs the study in a VM with the patched kernel (this host lacks %s)", lacks);
		row(f, "run_bench.sh", text);
	}
}
