// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "holders.h"
#include "workers.h"

struct gb_holders {
	int n;
	int *cpus;
	struct gb_buf *bufs;	/* each holder's folios, one per CPU */
};

static void refill(void *arg)
{
	struct gb_buf *b = arg;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	/* The old folios stay in the batch until it drains: fine. */
	gb_buf_unmap(b);
	if (!gb_buf_map_anon(b, GB_HOLDER_FOLIOS * page, 0))
		gb_buf_fault(b);
}

struct gb_holders *gb_holders_start(const int *cpus, int n)
{
	struct gb_holders *h = calloc(1, sizeof(*h));
	int i;

	if (!h)
		return NULL;
	h->n = n;
	h->cpus = calloc((size_t)n, sizeof(*h->cpus));
	h->bufs = calloc((size_t)n, sizeof(*h->bufs));
	if (!h->cpus || !h->bufs) {
		gb_holders_stop(h);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		h->cpus[i] = cpus[i];
		h->bufs[i].memfd = -1;
	}
	return h;
}

int gb_holders_fill(struct gb_holders *h, const int *skip, int nskip)
{
	int i, k, err;

	for (i = 0; i < h->n; i++) {
		for (k = 0; k < nskip && h->cpus[i] != skip[k]; k++)
			;
		if (k < nskip)
			continue;
		err = gb_on_cpu(h->cpus[i], refill, &h->bufs[i]);
		if (err)
			return err;
		if (!h->bufs[i].map)
			return -ENOMEM;
	}
	return 0;
}

void gb_holders_stop(struct gb_holders *h)
{
	int i;

	if (!h)
		return;
	for (i = 0; h->bufs && i < h->n; i++)
		gb_buf_unmap(&h->bufs[i]);
	free(h->bufs);
	free(h->cpus);
	free(h);
}
