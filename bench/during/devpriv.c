// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "devpriv.h"
#include "../gb.h"
#include "../system/sys.h"
#include "../system/topo.h"

/* lib/test_hmm_uapi.h (not installed by linux-libc-dev) */
struct hmm_dmirror_cmd {
	uint64_t addr, ptr, npages, cpages, faults;
};
#define HMM_DMIRROR_MIGRATE_TO_DEV	_IOWR('H', 0x02, struct hmm_dmirror_cmd)
#define HMM_DMIRROR_SNAPSHOT		_IOWR('H', 0x04, struct hmm_dmirror_cmd)
#define HMM_DMIRROR_PROT_DEV_MASK	0xF0
#define HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL	0x20

struct faulter {
	pthread_t thread;
	int cpu;
	uint64_t faults;
	uint64_t start_ns, stop_ns;
};

/* One call's readers; the pin calls are sequential, so one set. */
static struct {
	volatile char *addr;
	size_t pages, page;
	int n;
	struct faulter f[GB_DEVPRIV_MAX_FAULTERS];
	pthread_mutex_t lock;
	pthread_cond_t cv;
	int ready;
	bool go;
	atomic_bool stop;
	atomic_bool stalled;
	uint64_t deadline_ns;
	uint64_t pin_faults0, vm_pgfault0;
	int fd;
} dp = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cv = PTHREAD_COND_INITIALIZER,
};

const char *gb_devpriv_supported(char *buf, size_t len)
{
	int fd = open(GB_DEVPRIV_DEVICE, O_RDWR | O_CLOEXEC);

	if (fd >= 0) {
		close(fd);
		return NULL;
	}
	if (errno == ENOENT || errno == ENXIO || errno == ENODEV)
		snprintf(buf, len, "no %s: the kernel lacks CONFIG_TEST_HMM (lib/test_hmm.c; modprobe test_hmm where it is a module), so it has no device-private memory to fault back",
			 GB_DEVPRIV_DEVICE);
	else
		snprintf(buf, len, "cannot open %s: %s%s", GB_DEVPRIV_DEVICE,
			 strerror(errno), gb_errno_hint(-errno));
	return buf;
}

int gb_devpriv_migrate(void *addr, size_t len)
{
	struct hmm_dmirror_cmd cmd = {
		.addr = (uintptr_t)addr,
		.npages = len / (size_t)sysconf(_SC_PAGESIZE),
	};
	/* Each open is a mirror of this mm (mmu notifier registered at open). */
	int fd = open(GB_DEVPRIV_DEVICE, O_RDWR | O_CLOEXEC), err = 0;
	/* The driver copies what it moved back out, for verification. */
	void *copy = mmap(NULL, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (fd < 0 || copy == MAP_FAILED)
		err = -errno;
	else
		cmd.ptr = (uintptr_t)copy;
	if (!err && ioctl(fd, HMM_DMIRROR_MIGRATE_TO_DEV, &cmd))
		err = -errno;
	if (copy != MAP_FAILED)
		munmap(copy, len);
	if (err && fd >= 0)
		close(fd);
	return err ? err : fd;
}

long gb_devpriv_on_device(int fd, void *addr, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), n = len / page, i;
	unsigned char *perm = malloc(n ? n : 1);
	struct hmm_dmirror_cmd cmd = {
		.addr = (uintptr_t)addr,
		.ptr = (uintptr_t)perm,
		.npages = n,
	};
	long on = 0;

	if (!perm)
		return -ENOMEM;
	/* A snapshot never faults: it reads the CPU page table as it is. */
	if (ioctl(fd, HMM_DMIRROR_SNAPSHOT, &cmd)) {
		on = -errno;
	} else {
		for (i = 0; i < n && i < cmd.cpages; i++)
			on += (perm[i] & HMM_DMIRROR_PROT_DEV_MASK) ==
			      HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL;
	}
	free(perm);
	return on;
}

static uint64_t thread_faults(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru))
		return 0;
	return (uint64_t)ru.ru_minflt + (uint64_t)ru.ru_majflt;
}

/*
 * Reads every page, from the first, until the pin is back or the
 * deadline passes: all readers start on the same page, as the threads
 * of a workload that touch the same data do, so their faults meet.
 */
static void *reader(void *arg)
{
	struct faulter *f = arg;
	volatile char stack[32768];
	char name[16];
	uint64_t f0;
	size_t i;
	char sink = 0;

	gb_topo_bind_self_noalloc(f->cpu);
	/*
	 * Fault in our stack and the code we call now: under the name below
	 * only the buffer may fault (tests/vm_devpriv.sh counts this
	 * thread's faults in a trace filtered on that name).
	 */
	for (i = 0; i < sizeof(stack); i += 1024)
		stack[i] = 0;
	f0 = thread_faults() + gb_now_ns();
	snprintf(name, sizeof(name), "gb-devfault");
	prctl(PR_SET_NAME, name);
	pthread_mutex_lock(&dp.lock);
	f0 = thread_faults();
	dp.ready++;
	pthread_cond_broadcast(&dp.cv);
	while (!dp.go)
		pthread_cond_wait(&dp.cv, &dp.lock);
	pthread_mutex_unlock(&dp.lock);
	f->start_ns = gb_now_ns();
	while (!atomic_load(&dp.stop)) {
		for (i = 0; i < dp.pages && !atomic_load(&dp.stop); i++)
			sink += dp.addr[i * dp.page];
		if (gb_now_ns() > dp.deadline_ns) {
			atomic_store(&dp.stalled, true);
			break;
		}
	}
	f->stop_ns = gb_now_ns();
	f->faults = thread_faults() - f0;
	/* The exit path may fault in code no thread ran yet: not ours. */
	snprintf(name, sizeof(name), "gb-devdone");
	prctl(PR_SET_NAME, name);
	stack[0] = sink;
	return NULL;
}

void gb_devpriv_start(int fd, void *addr, size_t len, const int *cpus,
		      int n, uint64_t stall_ms, struct gb_devpriv_result *out)
{
	long on;
	int i;

	memset(out, 0, sizeof(*out));
	dp.n = 0;
	if (fd < 0) {
		out->note = "the buffer was not moved to a device";
		return;
	}
	dp.page = (size_t)sysconf(_SC_PAGESIZE);
	out->pages = len / dp.page;
	on = gb_devpriv_on_device(fd, addr, len);
	if (on < 0) {
		out->note = "the device's snapshot of the buffer failed";
		return;
	}
	out->device_before = (uint64_t)on;
	out->stall_ms = stall_ms;
	dp.fd = fd;
	dp.addr = addr;
	dp.pages = out->pages;
	dp.ready = 0;
	dp.go = false;
	atomic_store(&dp.stop, false);
	atomic_store(&dp.stalled, false);
	if (n > GB_DEVPRIV_MAX_FAULTERS)
		n = GB_DEVPRIV_MAX_FAULTERS;
	for (i = 0; i < n; i++) {
		memset(&dp.f[i], 0, sizeof(dp.f[i]));
		dp.f[i].cpu = cpus[i];
		if (pthread_create(&dp.f[i].thread, NULL, reader, &dp.f[i]))
			break;
		dp.n++;
	}
	if (dp.n < n)
		gb_warn("device-private: started %d of %d reading threads", dp.n, n);
	pthread_mutex_lock(&dp.lock);
	while (dp.ready < dp.n)
		pthread_cond_wait(&dp.cv, &dp.lock);
	pthread_mutex_unlock(&dp.lock);
	out->faulters = dp.n;
	out->ran = true;
	if (!n)
		out->note = "no other CPU: the pin faults the pages back alone";
}

void gb_devpriv_go(struct gb_devpriv_result *out)
{
	if (!out->ran)
		return;
	out->vm_pgfault_valid = !gb_vmstat("pgfault", &dp.vm_pgfault0);
	dp.pin_faults0 = thread_faults();
	pthread_mutex_lock(&dp.lock);
	dp.deadline_ns = gb_now_ns() + out->stall_ms * 1000000ull;
	dp.go = true;
	pthread_cond_broadcast(&dp.cv);
	pthread_mutex_unlock(&dp.lock);
}

void gb_devpriv_pin_returned(struct gb_devpriv_result *out)
{
	if (!out->ran)
		return;
	out->pin_faults = thread_faults() - dp.pin_faults0;
	atomic_store(&dp.stop, true);
}

void gb_devpriv_finish(struct gb_devpriv_result *out)
{
	uint64_t first = UINT64_MAX, last = 0, returned, faults, pgfault;
	long on;
	int i;

	if (!out->ran)
		return;
	atomic_store(&dp.stop, true);
	for (i = 0; i < dp.n; i++) {
		pthread_join(dp.f[i].thread, NULL);
		out->faulter_faults += dp.f[i].faults;
		if (dp.f[i].start_ns < first)
			first = dp.f[i].start_ns;
		if (dp.f[i].stop_ns > last)
			last = dp.f[i].stop_ns;
	}
	out->faulters_ran_ns = dp.n ? last - first : 0;
	out->stalled = atomic_load(&dp.stalled);
	dp.n = 0;
	if (out->vm_pgfault_valid && !gb_vmstat("pgfault", &pgfault))
		out->vm_pgfault = pgfault - dp.vm_pgfault0;
	else
		out->vm_pgfault_valid = false;

	on = gb_devpriv_on_device(dp.fd, (void *)dp.addr, dp.pages * dp.page);
	if (on < 0 || (uint64_t)on > out->device_before) {
		out->note = on < 0 ? "the device's snapshot after the pin failed: retries unknown"
				   : "more pages on the device after the pin than before: retries unknown";
		return;
	}
	out->device_after = (uint64_t)on;
	out->after_known = true;
	/* Each page comes back through exactly one fault: migrate_to_ram() moves one page. */
	returned = out->device_before - out->device_after;
	faults = out->faulter_faults + out->pin_faults;
	if (faults < returned) {
		out->note = "fewer faults counted than pages came back: retries unknown";
		return;
	}
	out->fault_retries = faults - returned;
	out->retries_known = true;
}
