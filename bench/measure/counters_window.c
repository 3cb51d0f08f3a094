// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "counters_int.h"

static void read_group(struct gb_counters *c, int leader, uint64_t *sums)
{
	struct gb_group_read g;
	uint64_t i;
	int s;

	if (leader < 0 || gb_perf_read_group(leader, &g))
		return;
	for (i = 0; i < g.nr && i < GB_ARRAY_SIZE(g.values); i++) {
		s = gb_ctr_src_of_id(c, g.values[i].id);
		if (s >= 0)
			sums[s] += g.values[i].value;
	}
}

/* The task sources only: they are on this CPU, so no IPI is sent. */
void gb_ctr_read_task(struct gb_counters *c, uint64_t *sums)
{
	memset(sums, 0, sizeof(uint64_t) * GB_S_NR);
	read_group(c, c->fd[GB_S_KP_DRAIN_ALL][0] >= 0 ? c->fd[GB_S_KP_DRAIN_ALL][0]
		   : c->fd[GB_S_KRP_DRAIN_ALL][0] >= 0 ? c->fd[GB_S_KRP_DRAIN_ALL][0]
		   : c->fd[GB_S_KP_DRAIN][0], sums);
}

int gb_ctr_hw_leader(const struct gb_counters *c)
{
	int i;

	for (i = 0; i < c->nr_hw; i++)
		if (c->hw_fd[i] >= 0)
			return c->hw_fd[i];
	return -1;
}

/* Samples perf reported lost, and throttle events (which drop samples). */
uint64_t gb_ctr_total_lost(const struct gb_counters *c)
{
	uint64_t lost = c->task_ring.lost + c->task_ring.throttled;
	int i;

	for (i = 0; i < c->nr_cpus; i++)
		lost += c->ring[i].lost + c->ring[i].throttled;
	return lost;
}

void gb_counters_skip(struct gb_counters *c)
{
	int i;

	c->call.discarding = true;
	if (c->task_ring_mapped)
		gb_ring_consume(&c->task_ring, NULL, NULL);
	for (i = 0; i < c->nr_cpus; i++)
		if (c->ring[i].base)
			gb_ring_consume(&c->ring[i], gb_ctr_cpu_sample, c);
	c->call.discarding = false;
}

void gb_counters_pause(struct gb_counters *c, bool pause)
{
	unsigned long req = pause ? PERF_EVENT_IOC_DISABLE : PERF_EVENT_IOC_ENABLE;
	enum gb_src s;
	int i;

	for (s = GB_S_FIRST_CPU; s < GB_S_NR; s++)
		for (i = 0; i < c->nr_cpus; i++)
			if (c->fd[s][i] >= 0 && ioctl(c->fd[s][i], req, 0))
				gb_warn("perf %s of %s on CPU %d: %s",
					pause ? "disable" : "enable",
					gb_src_defs[s].name, c->cpus[i], strerror(errno));
}

void gb_counters_quiet(struct gb_counters *c, bool quiet)
{
	unsigned long req = quiet ? PERF_EVENT_IOC_DISABLE : PERF_EVENT_IOC_ENABLE;
	enum gb_src s;
	int i;

	for (s = 0; s < GB_S_NR; s++)
		for (i = 0; i < (s < GB_S_FIRST_CPU ? 1 : c->nr_cpus); i++)
			if (c->fd[s][i] >= 0 && ioctl(c->fd[s][i], req, 0))
				gb_warn("perf %s of %s: %s", quiet ? "disable" : "enable",
					gb_src_defs[s].name, strerror(errno));
	for (i = 0; i < c->nr_hw; i++)
		if (c->hw_fd[i] >= 0)
			ioctl(c->hw_fd[i], req, 0);
}

void gb_counters_begin(struct gb_counters *c)
{
	int i, leader;

	memset(&c->call, 0, sizeof(c->call));
	/* Samples from between calls: counted for the tally, not kept. */
	gb_counters_skip(c);
	c->lost_before = gb_ctr_total_lost(c);
	gb_ctr_read_task(c, c->before);
	leader = gb_ctr_hw_leader(c);
	if (leader >= 0 && !gb_perf_read_group(leader, &c->hw_read)) {
		for (i = 0; i < c->nr_hw && i < (int)c->hw_read.nr; i++)
			c->hw_before[i] = c->hw_read.values[i].value;
		c->hw_en_before = c->hw_read.time_enabled;
		c->hw_run_before = c->hw_read.time_running;
	}
	c->call.t_begin = gb_now_ns();
}

