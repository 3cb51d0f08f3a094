// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "holders.h"
#include "topo.h"

struct holder {
	struct gb_holders *h;
	int cpu;
	int err;
	struct gb_buf buf;
	pthread_t thread;
};

struct gb_holders {
	pthread_mutex_t lock;
	pthread_cond_t cv;	/* new generation, or a holder finished */
	unsigned int gen;
	int pending;
	int skip_cpu;
	bool stop;
	int n;
	struct holder holder[];
};

static void refill(struct holder *me)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	/* The old folios stay in the batch until it drains: fine. */
	gb_buf_unmap(&me->buf);
	if (!me->err)
		me->err = gb_buf_map_anon(&me->buf, GB_HOLDER_FOLIOS * page, 0);
	if (!me->err)
		gb_buf_fault(&me->buf);
}

static void *holder_main(void *arg)
{
	struct holder *me = arg;
	struct gb_holders *h = me->h;
	unsigned int seen = 0;

	me->err = gb_topo_bind_self(me->cpu);
	pthread_mutex_lock(&h->lock);
	for (;;) {
		while (h->gen == seen && !h->stop)
			pthread_cond_wait(&h->cv, &h->lock);
		if (h->stop)
			break;
		seen = h->gen;
		pthread_mutex_unlock(&h->lock);
		if (me->cpu != h->skip_cpu)
			refill(me);
		pthread_mutex_lock(&h->lock);
		if (--h->pending == 0)
			pthread_cond_broadcast(&h->cv);
	}
	pthread_mutex_unlock(&h->lock);
	gb_buf_unmap(&me->buf);
	return NULL;
}

struct gb_holders *gb_holders_start(const int *cpus, int n)
{
	struct gb_holders *h;
	int i;

	h = calloc(1, sizeof(*h) + (size_t)n * sizeof(h->holder[0]));
	if (!h)
		return NULL;
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->cv, NULL);
	for (i = 0; i < n; i++) {
		struct holder *me = &h->holder[i];

		me->h = h;
		me->cpu = cpus[i];
		me->buf.memfd = me->buf.pipe_fd[0] = me->buf.pipe_fd[1] = -1;
		if (pthread_create(&me->thread, NULL, holder_main, me)) {
			gb_holders_stop(h);
			return NULL;
		}
		h->n = i + 1;
	}
	return h;
}

int gb_holders_fill(struct gb_holders *h, int skip_cpu)
{
	int i;

	pthread_mutex_lock(&h->lock);
	h->skip_cpu = skip_cpu;
	h->pending = h->n;
	h->gen++;
	pthread_cond_broadcast(&h->cv);
	while (h->pending)
		pthread_cond_wait(&h->cv, &h->lock);
	pthread_mutex_unlock(&h->lock);
	for (i = 0; i < h->n; i++)
		if (h->holder[i].err)
			return h->holder[i].err;
	return 0;
}

void gb_holders_stop(struct gb_holders *h)
{
	int i;

	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	h->stop = true;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->lock);
	for (i = 0; i < h->n; i++)
		pthread_join(h->holder[i].thread, NULL);
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->lock);
	free(h);
}
