// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "perf.h"
#include "../system/sys.h"

int gb_perf_open(struct perf_event_attr *attr, int pid, int cpu,
		 int group_fd)
{
	long fd;

	attr->size = sizeof(*attr);
	fd = syscall(SYS_perf_event_open, attr, pid, cpu, group_fd,
		     PERF_FLAG_FD_CLOEXEC);
	return fd < 0 ? -errno : (int)fd;
}

int gb_perf_id(int fd, uint64_t *id)
{
	return ioctl(fd, PERF_EVENT_IOC_ID, id) ? -errno : 0;
}

int gb_perf_pmu_type(const char *pmu, uint32_t *type)
{
	char path[256];
	uint64_t v;
	int err;

	snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/type",
		 pmu);
	err = gb_read_u64(path, &v);
	if (!err)
		*type = (uint32_t)v;
	return err;
}

int gb_perf_pmu_format_bit(const char *pmu, const char *attr, int *bit)
{
	char path[256], buf[64];
	long n;

	snprintf(path, sizeof(path),
		 "/sys/bus/event_source/devices/%s/format/%s", pmu, attr);
	n = gb_read_file(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	return sscanf(buf, "config:%d", bit) == 1 ? 0 : -EINVAL;
}

int gb_ring_map(struct gb_ring *r, int fd, size_t data_pages)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	void *p;

	memset(r, 0, sizeof(*r));
	p = mmap(NULL, (data_pages + 1) * page, PROT_READ | PROT_WRITE,
		 MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	r->base = p;
	r->data_size = data_pages * page;
	r->scratch = malloc(65536);
	return r->scratch ? 0 : -ENOMEM;
}

void gb_ring_unmap(struct gb_ring *r)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	if (r->base)
		munmap(r->base, r->data_size + page);
	free(r->scratch);
	memset(r, 0, sizeof(*r));
}

static struct perf_event_mmap_page *ring_meta(struct gb_ring *r)
{
	return r->base;
}

static void parse_sample(const uint8_t *p, size_t len, struct gb_sample *s)
{
	memset(s, 0, sizeof(*s));
	if (len < 8 + 8 + 8 + 8 + 4)
		return;
	memcpy(&s->id, p, 8);
	memcpy(&s->pid, p + 8, 4);
	memcpy(&s->tid, p + 12, 4);
	memcpy(&s->time, p + 16, 8);
	memcpy(&s->cpu, p + 24, 4);
	memcpy(&s->raw_size, p + 32, 4);
	if (36 + (size_t)s->raw_size <= len)
		s->raw = p + 36;
	else
		s->raw_size = 0;
}

void gb_ring_consume(struct gb_ring *r,
		     void (*fn)(const struct gb_sample *s, void *arg),
		     void *arg)
{
	struct perf_event_mmap_page *m = ring_meta(r);
	uint8_t *data = (uint8_t *)r->base + m->data_offset;
	uint64_t head = __atomic_load_n(&m->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = m->data_tail;
	size_t size = r->data_size;

	while (tail < head) {
		struct perf_event_header h;
		size_t off = tail % size;
		const uint8_t *rec;

		if (off + sizeof(h) <= size) {
			memcpy(&h, data + off, sizeof(h));
		} else {
			size_t first = size - off;

			memcpy(&h, data + off, first);
			memcpy((uint8_t *)&h + first, data, sizeof(h) - first);
		}
		if (h.size < sizeof(h))
			break;
		if (off + h.size <= size) {
			rec = data + off;
		} else {
			size_t first = size - off;

			memcpy(r->scratch, data + off, first);
			memcpy(r->scratch + first, data, h.size - first);
			rec = r->scratch;
		}
		if (h.type == PERF_RECORD_SAMPLE && fn) {
			struct gb_sample s;

			parse_sample(rec + sizeof(h), h.size - sizeof(h), &s);
			fn(&s, arg);
		} else if (h.type == PERF_RECORD_LOST) {
			uint64_t lost;

			memcpy(&lost, rec + sizeof(h) + 8, 8);
			r->lost += lost;
		} else if (h.type == PERF_RECORD_THROTTLE) {
			r->throttled++;
		}
		tail += h.size;
	}
	__atomic_store_n(&m->data_tail, tail, __ATOMIC_RELEASE);
}

int gb_perf_read_group(int leader_fd, struct gb_group_read *out)
{
	ssize_t n = read(leader_fd, out, sizeof(*out));

	if (n < 0)
		return -errno;
	return n >= (ssize_t)(3 * sizeof(uint64_t)) ? 0 : -EIO;
}
