// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../system/allowed.h"
#include "../gb.h"
#include "load.h"
#include "../system/sys.h"
#include "../system/topo.h"

const char *const gb_load_names[GB_NR_LOADS] = {
	[GB_LOAD_IDLE] = "idle",
	[GB_LOAD_BUSY] = "busy",
	[GB_LOAD_FIFO] = "fifo",
	[GB_LOAD_FAULTERS] = "faulters",
	[GB_LOAD_SPIN] = "spin",
};

#define FAULT_PAGES	64

struct loader {
	pthread_t thread;
	int cpu;
	bool ready, go, running, watchdog;
	struct gb_spinner seen;		/* this spin's thread id and gaps */
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cv;
	struct loader l[GB_MAX_CPUS];
	int n, active;
	struct loader *went[GB_MAX_CPUS];	/* the last go's, in its order */
	enum gb_load_kind kind;
	volatile bool stop;
} L = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };

const char *gb_load_supported(enum gb_load_kind k, char *buf, size_t len)
{
	struct sched_param sp = { .sched_priority = 1 };
	long runtime;
	char val[32];

	if (k != GB_LOAD_FIFO)
		return NULL;
	/* Can this process be SCHED_FIFO at all?  Try it, then go back. */
	if (sched_setscheduler(0, SCHED_FIFO, &sp)) {
		snprintf(buf, len, "SCHED_FIFO refused (%s): needs root or CAP_SYS_NICE",
			 strerror(errno));
		return buf;
	}
	sp.sched_priority = 0;
	sched_setscheduler(0, SCHED_OTHER, &sp);
	if (gb_read_file(GB_PATH_RT_RUNTIME, val, sizeof(val)) < 0) {
		snprintf(buf, len, "no %s: cannot see that RT throttling bounds a fifo spin",
			 GB_PATH_RT_RUNTIME);
		return buf;
	}
	runtime = strtol(val, NULL, 10);
	/*
	 * -1 turns RT throttling off: a fifo spin would then keep the
	 * CPU's kworker out until the watchdog.  Turn it on, journalled.
	 */
	if (runtime < 0 && gb_sys_set(GB_PATH_RT_RUNTIME, "950000")) {
		snprintf(buf, len, "RT throttling is off (%s = -1) and cannot be turned on",
			 GB_PATH_RT_RUNTIME);
		return buf;
	}
	return NULL;
}

static void fault_and_unmap(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), off;
	volatile char *p = mmap(NULL, FAULT_PAGES * page, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return;
	for (off = 0; off < FAULT_PAGES * page; off += page)
		p[off] = 1;
	munmap((void *)p, FAULT_PAGES * page);
}

/*
 * The spinner's loop: nothing but the vDSO clock and the stop flag, so
 * the thread stays in user space; every step slower than GB_SPIN_GAP_NS
 * was an interruption (IRQ, a kworker run, a preemption).
 */
static void spin(struct gb_spinner *me, uint64_t deadline, bool *watchdog)
{
	uint64_t last = gb_now_ns(), now;

	while (!L.stop) {
		now = gb_now_ns();
		if (now - last > GB_SPIN_GAP_NS) {
			if (me->nr_gaps < GB_SPIN_MAX_GAPS)
				me->gaps[me->nr_gaps++] =
					(struct gb_spin_gap){ last, now - last };
			me->gaps_total++;
		}
		if (now > deadline) {
			*watchdog = true;
			break;
		}
		last = now;
	}
}

/* The spinner's deferred drain: munmap() drains this CPU's batches. */
static void drain_own_batches(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p != MAP_FAILED)
		munmap(p, page);
}

static void *loader_main(void *arg)
{
	struct loader *me = arg;
	struct sched_param fifo = { .sched_priority = 1 }, other = { 0 };

	/*
	 * Never hwloc's bind here: its bitmap is this thread's first
	 * malloc(), whose arena munmap()s.  A loader woken on the pinning
	 * CPU did that once, emptying a fresh scenario's batch before the
	 * pin.
	 */
	gb_topo_bind_self_noalloc(me->cpu);
	me->seen.cpu = me->cpu;
	me->seen.tid = (int)syscall(SYS_gettid);
	pthread_mutex_lock(&L.lock);
	me->ready = true;
	pthread_cond_broadcast(&L.cv);
	for (;;) {
		uint64_t deadline;
		enum gb_load_kind kind;

		while (!me->go)
			pthread_cond_wait(&L.cv, &L.lock);
		kind = L.kind;
		me->running = true;
		me->watchdog = false;
		me->seen.nr_gaps = 0;
		me->seen.gaps_total = 0;
		pthread_cond_broadcast(&L.cv);
		pthread_mutex_unlock(&L.lock);

		/* Again: --offline-cpus breaks a bound thread's affinity. */
		gb_topo_bind_self_noalloc(me->cpu);
		if (kind == GB_LOAD_FIFO)
			sched_setscheduler(0, SCHED_FIFO, &fifo);
		deadline = gb_now_ns() + (kind == GB_LOAD_SPIN ? GB_SPIN_MAX_MS :
					  GB_LOAD_MAX_MS) * 1000000ull;
		if (kind == GB_LOAD_SPIN) {
			spin(&me->seen, deadline, &me->watchdog);
			drain_own_batches();
		}
		while (kind != GB_LOAD_SPIN && !L.stop) {
			if (gb_now_ns() > deadline) {
				me->watchdog = true;
				break;
			}
			if (kind == GB_LOAD_FAULTERS)
				fault_and_unmap();
		}
		if (kind == GB_LOAD_FIFO)
			sched_setscheduler(0, SCHED_OTHER, &other);

		pthread_mutex_lock(&L.lock);
		me->seen.watchdog = me->watchdog;
		me->go = me->running = false;
		pthread_cond_broadcast(&L.cv);
	}
	return NULL;
}

int gb_load_init(const int *cpus, int n)
{
	pthread_attr_t attr;
	cpu_set_t set;
	int i, err = 0;

	pthread_mutex_lock(&L.lock);
	for (i = L.n; i < n && i < GB_MAX_CPUS; i++) {
		/* Born on its CPU: its stack faults fill no other CPU's batch. */
		CPU_ZERO(&set);
		CPU_SET(cpus[i], &set);
		pthread_attr_init(&attr);
		pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
		L.l[i].cpu = cpus[i];
		err = pthread_create(&L.l[i].thread, &attr, loader_main, &L.l[i]);
		pthread_attr_destroy(&attr);
		if (err) {
			err = -EAGAIN;
			break;
		}
		pthread_detach(L.l[i].thread);
		L.n = i + 1;
	}
	/* Started and parked before any page state is made. */
	for (i = 0; i < L.n; i++)
		while (!L.l[i].ready)
			pthread_cond_wait(&L.cv, &L.lock);
	pthread_mutex_unlock(&L.lock);
	return err;
}

int gb_load_go(enum gb_load_kind kind, const int *cpus, int n)
{
	int i, k;

	if (kind == GB_LOAD_IDLE || n <= 0) {
		pthread_mutex_lock(&L.lock);
		L.active = 0;		/* no spinner this call */
		pthread_mutex_unlock(&L.lock);
		return 0;
	}
	pthread_mutex_lock(&L.lock);
	L.kind = kind;
	L.stop = false;
	L.active = 0;
	for (k = 0; k < n; k++)
		for (i = 0; i < L.n; i++)
			if (L.l[i].cpu == cpus[k]) {
				L.l[i].go = true;
				L.went[L.active++] = &L.l[i];
			}
	pthread_cond_broadcast(&L.cv);
	/* Running before the call starts, so the call sees the load. */
	for (i = 0; i < L.n; i++)
		while (L.l[i].go && !L.l[i].running)
			pthread_cond_wait(&L.cv, &L.lock);
	pthread_mutex_unlock(&L.lock);
	return L.active ? 0 : -ENOENT;
}

bool gb_load_stop(void)
{
	bool watchdog = false;
	int i;

	pthread_mutex_lock(&L.lock);
	L.stop = true;
	for (i = 0; i < L.n; i++) {
		while (L.l[i].go)
			pthread_cond_wait(&L.cv, &L.lock);
		watchdog |= L.l[i].watchdog;
		L.l[i].watchdog = false;
	}
	pthread_mutex_unlock(&L.lock);
	return watchdog;
}

int gb_load_spinners(const struct gb_spinner **out, int max)
{
	int i;

	for (i = 0; i < L.active && i < max; i++)
		out[i] = &L.went[i]->seen;
	return L.active;
}
