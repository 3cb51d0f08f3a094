// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cma_alloc.h"
#include "../lib/rank.h"
#include "../gb.h"
#include "../system/sys.h"
#include "../system/topo.h"

void gb_cma_alloc_take(const struct gb_layout *l, const char *debugfs,
		       struct gb_cma_alloc *out)
{
	const struct gb_cma_area *a = NULL;
	char alloc[512], count[32];
	uint64_t t0;
	int i, err;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < l->nr_cma; i++)
		if (!a || l->cma[i].count > a->count)
			a = &l->cma[i];
	if (!debugfs || !a) {
		out->note = !debugfs ? "no debugfs: cannot reach cma/AREA/alloc"
				     : "no CMA area";
		return;
	}
	snprintf(out->area, sizeof(out->area), "%s", a->name);
	snprintf(alloc, sizeof(alloc), "%s/cma/%s/alloc", debugfs, a->name);
	snprintf(out->free_path, sizeof(out->free_path), "%s/cma/%s/free",
		 debugfs, a->name);
	out->asked = a->count;
	snprintf(count, sizeof(count), "%llu", (unsigned long long)a->count);
	/* Journalled first: a kill between alloc and free loses nothing. */
	err = gb_sys_hold(out->free_path, count,
			  "allocate a whole CMA area through debugfs");
	if (err) {
		out->note = "cannot journal the CMA allocation: not run";
		return;
	}
	out->ran = true;
	t0 = gb_now_ns();
	out->err = gb_write_file(alloc, count);
	out->alloc_ns = gb_now_ns() - t0;
	out->got = out->err ? 0 : out->asked;
}

void gb_cma_alloc_give_back(struct gb_cma_alloc *out)
{
	uint64_t t0;
	int err;

	if (!out->ran)
		return;
	t0 = gb_now_ns();
	/* Nothing allocated: writing free gives back nothing, harmless. */
	err = gb_sys_release(out->free_path);
	out->free_ns = gb_now_ns() - t0;
	if (err)
		gb_warn("cannot give the CMA area %s back (%s): it is retried on exit and by gupbench restore",
			out->area, strerror(-err));
}

/* The racer: one thread for the run, started on first use. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cv;
	pthread_t thread;
	bool started, go, stop_req, running;
	int cpu;
	char alloc[512], free_path[512], chunk[32];
	uint64_t lat[GB_CMA_RACE_SAMPLES];
	uint64_t allocs, failed;
} race = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };

static void *racer(void *arg)
{
	(void)arg;
	gb_topo_bind_self(race.cpu);
	pthread_mutex_lock(&race.lock);
	for (;;) {
		while (!race.go)
			pthread_cond_wait(&race.cv, &race.lock);
		race.running = true;
		pthread_cond_broadcast(&race.cv);
		/* At least one allocation a call, then until told to stop. */
		while (!race.stop_req || !race.allocs) {
			uint64_t t0, dt;
			int err;

			pthread_mutex_unlock(&race.lock);
			t0 = gb_now_ns();
			err = gb_write_file(race.alloc, race.chunk);
			dt = gb_now_ns() - t0;
			if (!err)
				gb_write_file(race.free_path, race.chunk);
			pthread_mutex_lock(&race.lock);
			if (race.allocs < GB_CMA_RACE_SAMPLES)
				race.lat[race.allocs] = dt;
			race.allocs++;
			race.failed += err != 0;
		}
		race.go = race.running = false;
		pthread_cond_broadcast(&race.cv);
	}
	return NULL;
}

int gb_cma_race_start(const struct gb_layout *l, const char *debugfs,
		      int cpu, struct gb_cma_race_result *out)
{
	const struct gb_cma_area *a = NULL;
	int i, err;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < l->nr_cma; i++)
		if (!a || l->cma[i].count > a->count)
			a = &l->cma[i];
	if (!debugfs || !a || cpu < 0) {
		out->note = cpu < 0 ? "needs a second CPU for the racing thread" :
			    "no CMA area reachable through debugfs";
		return -ENOENT;
	}
	pthread_mutex_lock(&race.lock);
	snprintf(race.alloc, sizeof(race.alloc), "%s/cma/%s/alloc", debugfs, a->name);
	snprintf(race.free_path, sizeof(race.free_path), "%s/cma/%s/free", debugfs, a->name);
	snprintf(race.chunk, sizeof(race.chunk), "%d", GB_CMA_RACE_CHUNK);
	/* One chunk outstanding at most: its undo frees one chunk. */
	err = gb_sys_hold(race.free_path, race.chunk,
			  "allocate and free CMA chunks through debugfs while pinning");
	if (err) {
		pthread_mutex_unlock(&race.lock);
		out->note = "cannot journal the racing CMA allocations";
		return err;
	}
	if (!race.started) {
		race.cpu = cpu;
		if (pthread_create(&race.thread, NULL, racer, NULL)) {
			pthread_mutex_unlock(&race.lock);
			gb_sys_release(race.free_path);
			out->note = "cannot start the racing thread";
			return -EAGAIN;
		}
		pthread_detach(race.thread);
		race.started = true;
	}
	race.allocs = race.failed = 0;
	race.stop_req = false;
	race.go = true;
	pthread_cond_broadcast(&race.cv);
	while (!race.running)
		pthread_cond_wait(&race.cv, &race.lock);
	pthread_mutex_unlock(&race.lock);
	out->ran = true;
	out->chunk = GB_CMA_RACE_CHUNK;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void gb_cma_race_stop(struct gb_cma_race_result *out)
{
	size_t n;

	if (!out->ran)
		return;
	pthread_mutex_lock(&race.lock);
	race.stop_req = true;
	while (race.go)
		pthread_cond_wait(&race.cv, &race.lock);
	out->allocs = race.allocs;
	out->failed = race.failed;
	n = race.allocs < GB_CMA_RACE_SAMPLES ? race.allocs : GB_CMA_RACE_SAMPLES;
	qsort(race.lat, n, sizeof(race.lat[0]), cmp_u64);
	if (n) {
		out->p50_ns = race.lat[gb_rank_index(n, 50)];
		out->p99_ns = race.lat[gb_rank_index(n, 99)];
		out->max_ns = race.lat[n - 1];
	}
	pthread_mutex_unlock(&race.lock);
	gb_sys_release(race.free_path);
}
