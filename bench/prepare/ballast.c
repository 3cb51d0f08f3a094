// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <liburing.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include "ballast.h"
#include "workers.h"

/* Small enough that one chunk's pin events fit in a perf ring. */
#define CHUNK_MAX	(16ul << 20)

static int add_chunk(struct gb_ballast *b, size_t len, bool pin)
{
	struct gb_ballast_chunk *c;
	size_t off, page = (size_t)sysconf(_SC_PAGESIZE);
	volatile char *p;
	int err;

	if (b->nr == GB_BALLAST_CHUNKS)
		return -ENOSPC;
	c = &b->chunk[b->nr];
	memset(c, 0, sizeof(*c));
	c->addr = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (c->addr == MAP_FAILED)
		return -errno;
	c->len = len;
	/* Never THP: a huge ballast folio would be a coarse, odd filler. */
	madvise(c->addr, len, MADV_NOHUGEPAGE);
	for (p = c->addr, off = 0; off < len; off += page)
		p[off] = 1;
	if (pin) {
		struct iovec iov = { .iov_base = c->addr, .iov_len = len };
		struct io_uring *ring = calloc(1, sizeof(*ring));

		bool ring_up;

		err = ring ? io_uring_queue_init(1, ring, 0) : -ENOMEM;
		ring_up = !err;
		if (!err)
			err = io_uring_register_buffers(ring, &iov, 1);
		if (err) {
			if (ring_up)
				io_uring_queue_exit(ring);
			free(ring);
			munmap(c->addr, len);
			return err;
		}
		c->ring = ring;
	}
	b->nr++;
	if (pin)
		b->pinned_bytes += len;
	else
		b->filler_bytes += len;
	return 0;
}

static int grow(struct gb_ballast *b, size_t bytes, bool pin)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int err;

	bytes = (bytes + page - 1) & ~(page - 1);
	while (bytes) {
		size_t len = bytes < CHUNK_MAX ? bytes : CHUNK_MAX;

		err = add_chunk(b, len, pin);
		if (err)
			return err;
		bytes -= len;
	}
	return 0;
}

int gb_ballast_fill(struct gb_ballast *b, size_t bytes)
{
	return grow(b, bytes, false);
}

int gb_ballast_pin(struct gb_ballast *b, size_t bytes)
{
	return grow(b, bytes, true);
}

struct sink_job {
	struct gb_ballast_chunk *c;
	int err;
};

static void fault_sink(void *arg)
{
	struct sink_job *job = arg;
	size_t off, page = (size_t)sysconf(_SC_PAGESIZE);
	volatile char *p;

	p = mmap(NULL, job->c->len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		job->err = -errno;
		return;
	}
	madvise((void *)p, job->c->len, MADV_NOHUGEPAGE);
	for (off = 0; off < job->c->len; off += page)
		p[off] = 1;
	job->c->addr = (void *)p;
}

int gb_ballast_sink(struct gb_ballast *b, int cpu, size_t bytes)
{
	struct sink_job job;
	int err;

	if (b->nr_sinks == GB_BALLAST_SINKS || !bytes)
		return b->nr_sinks == GB_BALLAST_SINKS ? -ENOSPC : 0;
	job.c = &b->sink[b->nr_sinks];
	job.c->len = bytes;
	job.c->addr = NULL;
	job.c->ring = NULL;
	job.err = 0;
	err = gb_on_cpu(cpu, fault_sink, &job);
	if (err || job.err)
		return err ? err : job.err;
	b->nr_sinks++;
	return 0;
}

void gb_ballast_drop_sinks(struct gb_ballast *b)
{
	while (b->nr_sinks > 0) {
		b->nr_sinks--;
		munmap(b->sink[b->nr_sinks].addr, b->sink[b->nr_sinks].len);
	}
}

void gb_ballast_release(struct gb_ballast *b)
{
	int i;

	gb_ballast_drop_sinks(b);
	for (i = 0; i < b->nr; i++) {
		struct gb_ballast_chunk *c = &b->chunk[i];

		if (c->ring) {
			io_uring_unregister_buffers(c->ring);
			io_uring_queue_exit(c->ring);
			free(c->ring);
		}
		munmap(c->addr, c->len);
	}
	memset(b, 0, sizeof(*b));
}
