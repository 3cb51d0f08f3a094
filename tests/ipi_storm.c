// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper: makes IPIs for a few seconds so the counter cross-check
 * has something to count.  One thread per CPU keeps this mm live on
 * every CPU while thread 0 flips page protections (TLB shootdowns:
 * ipi_send_cpumask, call_function) and pairs of threads wake each other
 * (reschedule IPIs, ipi_send_cpu).
 *
 * usage: ipi_storm SECONDS
 */
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static atomic_int stop;
static atomic_int token;	/* futex ping-pong between threads 0 and 1 */
static char *page;

static void bind(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void futex_wait(atomic_int *p, int val)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	syscall(SYS_futex, p, FUTEX_WAIT, val, &ts, NULL, 0);
}

static void futex_wake(atomic_int *p)
{
	syscall(SYS_futex, p, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static void *worker(void *arg)
{
	int id = (int)(long)arg;
	long n = 0;

	bind(id);
	while (!atomic_load(&stop)) {
		if (id == 0 && (n & 1)) {
			mprotect(page, 4096, PROT_READ);
			mprotect(page, 4096, PROT_READ | PROT_WRITE);
		}
		if (id < 2) {
			/* Take turns: the other thread sleeps, then is woken. */
			int mine = atomic_load(&token);

			if (mine == id) {
				atomic_store(&token, !id);
				futex_wake(&token);
			} else {
				futex_wait(&token, mine);
			}
		}
		(void)*(volatile char *)page;
		n++;
		usleep(200);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int secs = argc > 1 ? atoi(argv[1]) : 5, ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN), i;
	pthread_t t[64];

	if (ncpu > 64)
		ncpu = 64;
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return 1;
	for (i = 0; i < ncpu; i++)
		pthread_create(&t[i], NULL, worker, (void *)(long)i);
	sleep((unsigned int)secs);
	atomic_store(&stop, 1);
	futex_wake(&token);
	for (i = 0; i < ncpu; i++)
		pthread_join(t[i], NULL);
	return 0;
}
