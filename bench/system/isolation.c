// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "../gb.h"
#include "files.h"
#include "isolation.h"

int gb_isolation_parse(const char *text, int *cpus, int max)
{
	int n;

	while (*text == ' ' || *text == '\t')
		text++;
	/* tick_nohz_full_mask is NULL without nohz_full=: "%*pbl" prints "(null)". */
	if (!*text || *text == '\n' || !strncmp(text, "(null)", 6))
		return 0;
	n = gb_parse_cpu_list(text, cpus, max);
	if (n < 0)
		return n;
	return n > max ? -E2BIG : n;
}

/* One file into out[]; absent is empty. */
static int read_list(const char *path, int *out, int max)
{
	char text[4096];
	long len = gb_read_file(path, text, sizeof(text));

	if (len == -ENOENT)
		return 0;
	if (len < 0)
		return (int)len;
	return gb_isolation_parse(text, out, max);
}

static void add_all(struct gb_isolation *iso, const int *cpus, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (cpus[i] >= 0 && cpus[i] < GB_MAX_CPUS)
			iso->is[cpus[i]] = true;
}

int gb_isolation_read(struct gb_isolation *iso)
{
	int cpu;

	memset(iso, 0, sizeof(*iso));
	iso->nr_domain = read_list(GB_PATH_ISOLATED, iso->domain, GB_MAX_CPUS);
	if (iso->nr_domain < 0)
		return iso->nr_domain;
	iso->nr_nohz = read_list(GB_PATH_NOHZ_FULL, iso->nohz, GB_MAX_CPUS);
	if (iso->nr_nohz < 0)
		return iso->nr_nohz;
	iso->nr_partition = read_list(GB_PATH_CPUSET_ISOLATED, iso->partition,
				      GB_MAX_CPUS);
	/* A cgroup file this kernel or mount lacks says nothing: none. */
	if (iso->nr_partition < 0)
		iso->nr_partition = 0;
	add_all(iso, iso->domain, iso->nr_domain);
	add_all(iso, iso->nohz, iso->nr_nohz);
	add_all(iso, iso->partition, iso->nr_partition);
	for (cpu = 0; cpu < GB_MAX_CPUS; cpu++)
		if (iso->is[cpu])
			iso->cpus[iso->nr++] = cpu;
	return 0;
}
