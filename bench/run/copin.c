// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "copin.h"
#include "../gb.h"
#include "../system/topo.h"
#include "../prepare/workers.h"

struct copin {
	pthread_t thread;
	int cpu;
	struct gb_buf buf;
	bool prepared;
	void *priv;		/* the pinner's handle */
	void *sc_priv;		/* the scenario's state for this buffer */
	struct gb_copin_result r;
	bool armed, done;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cv;
	struct copin c[GB_MAX_COPIN];
	int n, active;
	const struct gb_pinner *p;
	const struct gb_scenario *sc;
	volatile bool start;
} C = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };

static void *copin_main(void *arg)
{
	struct copin *me = arg;

	gb_topo_bind_self(me->cpu);
	pthread_mutex_lock(&C.lock);
	for (;;) {
		uint64_t t0;

		while (!me->armed)
			pthread_cond_wait(&C.cv, &C.lock);
		pthread_mutex_unlock(&C.lock);
		/* Spin for the start: woken threads would pin late. */
		while (!C.start)
			;
		t0 = gb_now_ns();
		C.p->pin(me->priv, me->buf.addr, me->buf.size, &me->r.res);
		me->r.pin_ns = gb_now_ns() - t0;
		pthread_mutex_lock(&C.lock);
		me->armed = false;
		me->done = true;
		pthread_cond_broadcast(&C.cv);
	}
	return NULL;
}

int gb_copin_init(const int *cpus, int n)
{
	int i;

	for (i = C.n; i < n && i < GB_MAX_COPIN; i++) {
		C.c[i].cpu = cpus[i];
		if (pthread_create(&C.c[i].thread, NULL, copin_main, &C.c[i]))
			return -EAGAIN;
		pthread_detach(C.c[i].thread);
		C.n = i + 1;
	}
	return n <= C.n ? 0 : -E2BIG;
}

struct prep_job {
	struct copin *c;
	const struct gb_scenario *sc;
	struct gb_rep rep;
	int err;
};

static void prep(void *arg)
{
	struct prep_job *j = arg;

	j->err = j->sc->prepare(&j->c->buf, &j->rep);
}

int gb_copin_prepare(int n, const struct gb_pinner *p,
		     const struct gb_scenario *sc, const struct gb_env *env,
		     const struct gb_layout *l, enum gb_where want)
{
	struct gb_pagescan scan;
	int i, err = 0;

	C.p = p;
	C.sc = sc;
	C.active = 0;
	for (i = 0; i < n && i < C.n && !err; i++) {
		struct copin *c = &C.c[i];
		struct prep_job j = { .c = c, .sc = sc,
			.rep = { .env = env, .pin_cpu = c->cpu, .remote_cpu = -1,
				 .size = env->size, .batch_cpu = -1 } };

		memset(&c->r, 0, sizeof(c->r));
		c->r.cpu = c->cpu;
		free(c->sc_priv);
		c->sc_priv = sc->priv_size ? calloc(1, sc->priv_size) : NULL;
		if (sc->priv_size && !c->sc_priv) {
			err = -ENOMEM;
			break;
		}
		c->buf.priv = c->sc_priv;
		err = p->open(&c->priv);
		if (err)
			break;
		C.active++;
		/* On its own CPU, as the measured pinner prepares on its. */
		err = gb_on_cpu(c->cpu, prep, &j);
		/* Ran: the buffer is the scenario's to tear down, whatever it did. */
		c->prepared = !err;
		if (!err)
			err = j.err;
		if (!err && !gb_pagescan(l, c->buf.addr, c->buf.size, &scan))
			c->r.fraction = want == GB_WHERE_NR ? 1.0 :
					gb_pagescan_fraction(&scan, want);
	}
	if (err)
		gb_copin_done();
	return err;
}

void gb_copin_release(void)
{
	int i;

	pthread_mutex_lock(&C.lock);
	C.start = false;
	for (i = 0; i < C.active; i++) {
		C.c[i].done = false;
		C.c[i].armed = true;
	}
	pthread_cond_broadcast(&C.cv);
	pthread_mutex_unlock(&C.lock);
	C.start = true;
}

void gb_copin_wait(struct gb_copin_result *out)
{
	int i;

	pthread_mutex_lock(&C.lock);
	for (i = 0; i < C.active; i++) {
		while (!C.c[i].done)
			pthread_cond_wait(&C.cv, &C.lock);
		out[i] = C.c[i].r;
	}
	pthread_mutex_unlock(&C.lock);
}

void gb_copin_done(void)
{
	int i;

	for (i = 0; i < C.active; i++) {
		struct copin *c = &C.c[i];

		if (c->r.res.ok && C.p->unpin && !C.p->unpins_in_pin)
			C.p->unpin(c->priv);
		if (c->prepared)
			C.sc->teardown(&c->buf);
		c->prepared = false;
		C.p->close(c->priv);
		c->priv = NULL;
		free(c->sc_priv);
		c->sc_priv = NULL;
		c->r.res.ok = false;
	}
	C.active = 0;
}
