// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../system/topo.h"
#include "workers.h"

struct worker {
	pthread_mutex_t lock;
	pthread_cond_t cv;
	void (*fn)(void *);	/* the job; NULL when idle */
	void *arg;
	bool done;
	int err;		/* binding failed */
	int cpu;
};

static struct worker *workers[GB_MAX_CPUS];
static pthread_mutex_t create_lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->fn)
			pthread_cond_wait(&w->cv, &w->lock);
		/*
		 * Bind for every job: taking a CPU offline breaks the
		 * affinity of the threads bound to it, and --offline-cpus
		 * brings CPUs back between combinations.
		 */
		w->err = gb_topo_bind_self(w->cpu);
		if (!w->err)
			w->fn(w->arg);
		w->fn = NULL;
		w->done = true;
		pthread_cond_broadcast(&w->cv);
	}
	return NULL;
}

static struct worker *worker_for(int cpu)
{
	struct worker *w;
	pthread_attr_t attr;
	pthread_t t;

	pthread_mutex_lock(&create_lock);
	w = workers[cpu];
	if (!w && (w = calloc(1, sizeof(*w)))) {
		pthread_mutex_init(&w->lock, NULL);
		pthread_cond_init(&w->cv, NULL);
		w->cpu = cpu;
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		if (pthread_create(&t, &attr, worker_main, w)) {
			free(w);
			w = NULL;
		}
		pthread_attr_destroy(&attr);
		workers[cpu] = w;
	}
	pthread_mutex_unlock(&create_lock);
	return w;
}

int gb_on_cpu(int cpu, void (*fn)(void *), void *arg)
{
	struct worker *w;
	int err;

	if (cpu < 0 || cpu >= GB_MAX_CPUS)
		return -EINVAL;
	w = worker_for(cpu);
	if (!w)
		return -EAGAIN;
	pthread_mutex_lock(&w->lock);
	w->arg = arg;
	w->done = false;
	w->fn = fn;
	pthread_cond_broadcast(&w->cv);
	while (!w->done)
		pthread_cond_wait(&w->cv, &w->lock);
	err = w->err;
	pthread_mutex_unlock(&w->lock);
	return err;
}

/*
 * A new thread's first run faults its stack in on its CPU, which leaves
 * folios in that CPU's LRU batch: the first call would find batches on
 * CPUs no case asked for.  Empty them (munmap() drains this CPU's).
 */
static void settle(void *arg)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)arg;
	if (p != MAP_FAILED)
		munmap(p, (size_t)page);
}

int gb_workers_settle(const int *cpus, int n)
{
	int i, err;

	for (i = 0; i < n; i++) {
		/* A job, so the thread is running and bound, not just made. */
		err = gb_on_cpu(cpus[i], settle, NULL);
		if (err)
			return err;
	}
	return 0;
}
