// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "buf.h"
#include "../system/files.h"
#include "../system/topo.h"
#include "workers.h"

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

int gb_buf_map_anon(struct gb_buf *b, size_t size, size_t align)
{
	uintptr_t start;

	void *priv = b->priv;

	memset(b, 0, sizeof(*b));
	b->memfd = -1;
	b->priv = priv;
	if (align < page_size())
		align = page_size();
	b->map_len = size + align - page_size();
	b->map = mmap(NULL, b->map_len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (b->map == MAP_FAILED) {
		b->map = NULL;
		return -errno;
	}
	start = ((uintptr_t)b->map + align - 1) & ~(uintptr_t)(align - 1);
	b->addr = (void *)start;
	b->size = size;
	/*
	 * Small folios unless the caller asked for THP alignment: with
	 * transparent_hugepage=always a 2M-aligned stretch would become a
	 * large folio, which skips the LRU batches the scenarios rely on.
	 */
	if (align < GB_THP_SIZE && madvise(b->map, b->map_len, MADV_NOHUGEPAGE))
		return -errno;
	return 0;
}

int gb_buf_map_shared(struct gb_buf *b, size_t size)
{
	void *priv = b->priv;

	memset(b, 0, sizeof(*b));
	b->priv = priv;
	b->memfd = (int)syscall(SYS_memfd_create, "gupbench", 1u /* CLOEXEC */);
	if (b->memfd < 0)
		return -errno;
	if (ftruncate(b->memfd, (off_t)size)) {
		int err = -errno;

		close(b->memfd);
		b->memfd = -1;
		return err;
	}
	b->map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      b->memfd, 0);
	if (b->map == MAP_FAILED) {
		int err = -errno;

		b->map = NULL;
		close(b->memfd);
		b->memfd = -1;
		return err;
	}
	b->map_len = size;
	b->addr = b->map;
	b->size = size;
	if (madvise(b->map, b->map_len, MADV_NOHUGEPAGE))
		return -errno;
	return 0;
}

int gb_buf_remap_locked_onfault(struct gb_buf *b)
{
	void *locked = mmap(NULL, b->size, PROT_READ | PROT_WRITE, MAP_SHARED,
			    b->memfd, 0);

	if (locked == MAP_FAILED)
		return -errno;
	munmap(b->map, b->map_len);
	b->map = b->addr = locked;
	b->map_len = b->size;
	if (madvise(locked, b->size, MADV_NOHUGEPAGE) ||
	    syscall(SYS_mlock2, locked, b->size, MLOCK_ONFAULT))
		return -errno;
	b->mlocked = true;
	return 0;
}

/* The scenario's state stays: it is the scenario's to let go. */
void gb_buf_unmap(struct gb_buf *b)
{
	void *priv = b->priv;

	if (b->map)
		munmap(b->map, b->map_len);
	if (b->memfd >= 0)
		close(b->memfd);
	memset(b, 0, sizeof(*b));
	b->memfd = -1;
	b->priv = priv;
}

static void fault_range(struct gb_buf *b, size_t from, size_t to)
{
	volatile char *p = b->addr;
	size_t off, step = page_size();

	for (off = from; off < to; off += step)
		p[off] = 1;
}

void gb_buf_fault(struct gb_buf *b)
{
	fault_range(b, 0, b->size);
}

void gb_lru_drain_local(void)
{
	void *p = mmap(NULL, page_size(), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p != MAP_FAILED)
		munmap(p, page_size());
}

void gb_buf_fault_fresh(struct gb_buf *b)
{
	size_t tail = GB_FRESH_FOLIOS * page_size();
	size_t split = b->size > tail ? b->size - tail : 0;

	fault_range(b, 0, split);
	gb_lru_drain_local();
	fault_range(b, split, b->size);
}

static void fault_fresh_fn(void *arg)
{
	gb_buf_fault_fresh(arg);
}

int gb_buf_fault_fresh_on_cpu(struct gb_buf *b, int cpu)
{
	return gb_on_cpu(cpu, fault_fresh_fn, b);
}

struct part {
	struct gb_buf *b;
	size_t from, to;
};

static void fault_part_fn(void *arg)
{
	const struct part *p = arg;
	size_t tail = GB_FRESH_FOLIOS * page_size();
	size_t split = p->to - p->from > tail ? p->to - tail : p->from;

	fault_range(p->b, p->from, split);
	gb_lru_drain_local();
	fault_range(p->b, split, p->to);
}

int gb_buf_fault_part_on_cpu(struct gb_buf *b, size_t from, size_t to, int cpu)
{
	struct part p = { b, from, to };

	return gb_on_cpu(cpu, fault_part_fn, &p);
}

/* Fault more folios than a batch holds, pushing older ones to the LRU. */
static void flush_lru_add(void *unused)
{
	struct gb_buf junk;

	(void)unused;
	if (gb_buf_map_anon(&junk, 2 * GB_LRU_BATCH * page_size(), 0))
		return;
	gb_buf_fault(&junk);
	gb_buf_unmap(&junk);
}

int gb_lru_drain_all_cpus(void *page, const struct gb_topo *topo)
{
	int node = -1, status = -1, i, err;

	/*
	 * move_pages() with a target node runs lru_cache_disable(), which
	 * drains every CPU's batches (all kinds, mlock included) through
	 * lru_add_drain_all().  Moving a page to the node it is on moves
	 * nothing.
	 */
	if (!syscall(SYS_move_pages, 0, 1, &page, NULL, &node, 0) &&
	    node >= 0 &&
	    !syscall(SYS_move_pages, 0, 1, &page, &node, &status, 0))
		return 0;
	err = -errno;
	if (err != -ENOSYS)
		return err;
	/*
	 * No NUMA in this kernel: push the lru_add batches out from every
	 * CPU by faulting more folios there than a batch holds.  Only
	 * lru_add batches are covered, which is all a fault fills.
	 */
	for (i = 0; i < topo->nr_cpus; i++) {
		err = gb_on_cpu(topo->order[i], flush_lru_add, NULL);
		if (err)
			return err;
	}
	return 0;
}

const char *gb_mlock_supported(const struct gb_env *env, char *buf,
			       size_t len)
{
	if (env->root || env->memlock >= env->size)
		return NULL;
	snprintf(buf, len, "RLIMIT_MEMLOCK is %llu bytes, below the %zu-byte buffer: run as root or raise ulimit -l",
		 (unsigned long long)env->memlock, env->size);
	return buf;
}

int gb_buf_settle_anon(struct gb_buf *b, struct gb_rep *rep)
{
	int err = gb_buf_map_anon(b, rep->size, 0);

	if (err)
		return err;
	gb_buf_fault(b);
	return gb_lru_drain_all_cpus(b->addr, rep->env->topo);
}

int gb_buf_settle_shared(struct gb_buf *b, struct gb_rep *rep)
{
	int err = gb_buf_map_shared(b, rep->size);

	if (err)
		return err;
	gb_buf_fault(b);
	return gb_lru_drain_all_cpus(b->addr, rep->env->topo);
}
