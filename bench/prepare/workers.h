/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One long-lived thread per CPU that runs a function on that CPU when
 * asked.  Long-lived on purpose: a thread that exits makes glibc
 * madvise(MADV_DONTNEED) its stack, and the kernel's lru_add_drain() on
 * that path would empty the very per-CPU batches a scenario just filled.
 */
#ifndef GB_WORKERS_H
#define GB_WORKERS_H

/* Run fn(arg) on the worker bound to cpu and wait for it; 0 or -errno. */
int gb_on_cpu(int cpu, void (*fn)(void *), void *arg);
/*
 * Start the worker of each CPU (if not yet) and empty each CPU's LRU
 * batches.  Before any page state is set up: creating a thread maps and
 * unmaps memory from the caller, and munmap() drains the caller's batch
 * (a first call's scenario lost its batch to it).  And before each
 * combination: the batches a bigger --cpus count left on other CPUs
 * would otherwise be drained by the next, smaller one.  0 or -errno.
 */
int gb_workers_settle(const int *cpus, int n);

#endif
