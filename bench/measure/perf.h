/* SPDX-License-Identifier: GPL-2.0 */
/* Thin wrappers around perf_event_open(2) and its mmap ring buffer. */
#ifndef GB_PERF_H
#define GB_PERF_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every sampled event uses this layout, so one parser reads all buffers. */
#define GB_SAMPLE_TYPE	(PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID | \
			 PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_RAW)
#define GB_READ_FORMAT	(PERF_FORMAT_GROUP | PERF_FORMAT_ID | \
			 PERF_FORMAT_TOTAL_TIME_ENABLED | \
			 PERF_FORMAT_TOTAL_TIME_RUNNING)

int gb_perf_open(struct perf_event_attr *attr, int pid, int cpu,
		 int group_fd);	/* fd or -errno */
int gb_perf_id(int fd, uint64_t *id);
int gb_perf_pmu_type(const char *pmu, uint32_t *type);
/* Bit number of a PMU format attribute in config, e.g. kprobe "retprobe". */
int gb_perf_pmu_format_bit(const char *pmu, const char *attr, int *bit);

struct gb_sample {
	uint64_t id;
	uint32_t pid, tid;
	uint64_t time;
	uint32_t cpu;
	uint32_t raw_size;
	const uint8_t *raw;	/* valid until the next gb_ring_* call */
};

struct gb_ring {
	void *base;
	size_t data_size;
	uint8_t *scratch;	/* for records that wrap around the end */
	uint64_t lost;
	uint64_t throttled;
};

int gb_ring_map(struct gb_ring *r, int fd, size_t data_pages);
void gb_ring_unmap(struct gb_ring *r);
/*
 * Call fn for each sample; counts the samples PERF_RECORD_LOST reports
 * into r->lost and PERF_RECORD_THROTTLE records into r->throttled.
 */
void gb_ring_consume(struct gb_ring *r,
		     void (*fn)(const struct gb_sample *s, void *arg),
		     void *arg);

/* Parse a group read (GB_READ_FORMAT). */
struct gb_group_read {
	uint64_t nr;
	uint64_t time_enabled;
	uint64_t time_running;
	struct {
		uint64_t value;
		uint64_t id;
	} values[32];
};

int gb_perf_read_group(int leader_fd, struct gb_group_read *out);

#endif
