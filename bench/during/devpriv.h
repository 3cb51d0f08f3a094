/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device-private pages (seed 003), through test_hmm's /dev/hmm_dmirror0
 * (CONFIG_TEST_HMM, lib/test_hmm.c): the buffer is migrated to the fake
 * device's memory, and while the longterm pin faults it back, threads on
 * the other CPUs read it too, as the CPU side of a GPU workload would.
 *
 * Every fault on a page still on the device calls migrate_to_ram(); of
 * the faults that meet on one page only one locks and moves it, the
 * others return without it and fault again: fault retries.  A page comes
 * back through the faulting CPU's lru_add batch, so the pin may find it
 * batched on a remote CPU (drain all) while the faulters keep that CPU
 * busy.
 *
 * A livelock is a measured outcome, not a hang: the faulters give up at
 * a deadline (--stall-ms), and a pin still running then is "stalled" (it
 * needed the faulters gone to finish).  Nothing here changes system
 * state: the device memory goes back when the buffer is unmapped, or
 * with the process.
 */
#ifndef GB_DEVPRIV_H
#define GB_DEVPRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GB_DEVPRIV_DEVICE	"/dev/hmm_dmirror0"
#define GB_DEVPRIV_STALL_MS	10000	/* default --stall-ms */
#define GB_DEVPRIV_MAX_FAULTERS	63

struct gb_devpriv_result {
	bool ran;
	const char *note;		/* why not, or NULL */
	int faulters;			/* reading threads beside the pin */
	uint64_t pages;
	uint64_t device_before;		/* pages on the device when the pin came */
	bool after_known;		/* the snapshot after the pin worked */
	uint64_t device_after;		/* ...when it had returned */
	/* Faults in the window, from each thread's own rusage. */
	uint64_t faulter_faults;
	uint64_t pin_faults;		/* the pinning thread's: GUP's faults */
	/* Faults that did not bring a page back (faults - pages returned). */
	bool retries_known;
	uint64_t fault_retries;
	/* /proc/vmstat pgfault across the window: every task's faults. */
	bool vm_pgfault_valid;
	uint64_t vm_pgfault;
	uint64_t stall_ms;		/* the deadline in force */
	bool stalled;			/* the pin was still running at it */
	uint64_t faulters_ran_ns;	/* first faulter start to last stop */
};

/* NULL when the device can be used, else the reason in buf. */
const char *gb_devpriv_supported(char *buf, size_t len);

/*
 * Open the device and migrate [addr, addr+len) to its memory: the pages
 * must be faulted (anon, private).  Returns the device fd, or -errno.
 */
int gb_devpriv_migrate(void *addr, size_t len);
/* Pages of [addr, addr+len) on this device now, or -errno. */
long gb_devpriv_on_device(int fd, void *addr, size_t len);

/*
 * Before the window: count the pages on the device and park one reading
 * thread on each of cpus[0..n-1].  out->ran false (with a note) when the
 * buffer is not on a device.  The calling thread is the pinning one.
 */
void gb_devpriv_start(int fd, void *addr, size_t len, const int *cpus,
		      int n, uint64_t stall_ms, struct gb_devpriv_result *out);
/* Release the readers: just before the pin. */
void gb_devpriv_go(struct gb_devpriv_result *out);
/* The pin returned: stop the readers, take the pinning thread's faults. */
void gb_devpriv_pin_returned(struct gb_devpriv_result *out);
/* After the window: join the readers, count what is still on the device. */
void gb_devpriv_finish(struct gb_devpriv_result *out);

#endif
