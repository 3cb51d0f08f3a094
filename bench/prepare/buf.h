/* SPDX-License-Identifier: GPL-2.0 */
/* Mapping, faulting and settling the buffers scenarios pin. */
#ifndef GB_BUF_H
#define GB_BUF_H

#include "../measure/pagemap.h"
#include "../system/machine.h"

/* A buffer a scenario maps, faults and puts into its page state. */
struct gb_buf {
	void *map;		/* as mmap()ed */
	size_t map_len;
	void *addr;		/* what is pinned: aligned inside map */
	size_t size;
	int memfd;
	bool mlocked;
	void *priv;		/* the scenario's state for this buffer */
	/*
	 * Set by a prepare() whose pages are not mapped at addr until the
	 * pin faults them in (stage2-fault): where they are, scanned where
	 * they were mapped before.  The call takes it as its scan before
	 * the pin, which at addr would find nothing present.
	 */
	bool before_given;
	struct gb_pagescan before;
};

struct gb_rep {
	const struct gb_env *env;
	int pin_cpu;		/* the pinning thread runs here */
	int remote_cpu;		/* another CPU, or -1 */
	size_t size;
	/*
	 * Set by prepare(): the CPU whose lru_add batch it left holding
	 * buffer folios, or -1.  Batch holders leave that CPU alone, since
	 * their own faults could push those folios out of the batch.
	 */
	int batch_cpu;
};

#define GB_THP_SIZE	(2ul << 20)
/* Folios per per-CPU LRU batch (PAGEVEC_SIZE in include/linux/pagevec.h). */
#define GB_LRU_BATCH	31

int gb_buf_map_anon(struct gb_buf *b, size_t size, size_t align);
int gb_buf_map_shared(struct gb_buf *b, size_t size);
/*
 * A memfd buffer's file mapped again in place of its mapping, with
 * mlock2(MLOCK_ONFAULT) and nothing faulted: guest memory as crosvm maps
 * it.  Each folio is mlocked as a fault maps it.
 */
int gb_buf_remap_locked_onfault(struct gb_buf *b);
void gb_buf_unmap(struct gb_buf *b);
/* Buffer folios a "fresh" fault leaves in the per-CPU batch. */
#define GB_FRESH_FOLIOS	8

/* Write to every page, from the calling thread. */
void gb_buf_fault(struct gb_buf *b);
/*
 * Write to every page, leaving the last GB_FRESH_FOLIOS (at most; some
 * kernels flush sooner) in this CPU's batch: a plain fault leaves
 * anywhere from 0 to 30 there, depending on where the batch last filled
 * up and flushed, and 0 makes "fresh" no different from "settled".
 */
void gb_buf_fault_fresh(struct gb_buf *b);
/* Empty this CPU's LRU batches (munmap() starts with lru_add_drain()). */
void gb_lru_drain_local(void);
/* gb_buf_fault_fresh() from the worker thread of cpu; 0 or -errno. */
int gb_buf_fault_fresh_on_cpu(struct gb_buf *b, int cpu);
/*
 * Empty every CPU's per-CPU LRU batches (lru_add, mlock, ...), so the
 * buffer's folios hold no batch references.  0 or -errno.
 */
int gb_lru_drain_all_cpus(void *page, const struct gb_topo *topo);

/* Map anon memory, fault it and empty every CPU's batches: "settled". */
int gb_buf_settle_anon(struct gb_buf *b, struct gb_rep *rep);
/* The same for a memfd (shmem) buffer. */
int gb_buf_settle_shared(struct gb_buf *b, struct gb_rep *rep);

#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT	0x01
#endif

/* supported() of scenarios that mlock the buffer: RLIMIT_MEMLOCK. */
const char *gb_mlock_supported(const struct gb_env *env, char *buf,
			       size_t len);

/*
 * Write-fault [from, to) of the buffer on cpu's worker, as
 * gb_buf_fault_fresh() does the whole: the last GB_FRESH_FOLIOS stay in
 * that CPU's lru_add batch.  0 or -errno.
 */
int gb_buf_fault_part_on_cpu(struct gb_buf *b, size_t from, size_t to, int cpu);

#endif
