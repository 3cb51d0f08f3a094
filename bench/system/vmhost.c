// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../gb.h"
#include "vmhost.h"

static bool parse_line(struct gb_vmhost *v, const char *line)
{
	int a, b, c;
	char word[8];

	if (!strncmp(line, "host ", 5)) {
		snprintf(v->host, sizeof(v->host), "%s", line + 5);
		v->host[strcspn(v->host, "\n")] = '\0';
		return true;
	}
	if (sscanf(line, "accel %7s", v->accel) == 1 ||
	    sscanf(line, "vcpus %d", &v->vcpus) == 1 ||
	    sscanf(line, "nodes %d", &v->nodes) == 1 ||
	    sscanf(line, "mem_mib %lu", &v->mem_mib) == 1 ||
	    !strncmp(line, "sweep ", 6) || !strncmp(line, "qemu ", 5))
		return true;
	if (sscanf(line, "host_virtual %7s", v->host_virtual) == 1)
		return !strcmp(v->host_virtual, "no") || !strcmp(v->host_virtual, "vm") ||
		       !strcmp(v->host_virtual, "tcg");
	if (sscanf(line, "pinned %7s", word) == 1) {
		v->pinned = !strcmp(word, "yes");
		return true;
	}
	if (sscanf(line, "vcpu %d node %d cpu %d", &a, &b, &c) == 3) {
		if (a != v->nr_map || a >= GB_VMHOST_MAX_VCPUS || b < 0 || c < -1)
			return false;
		v->vnode[a] = b;
		v->host_cpu[a] = c;
		v->nr_map++;
		return true;
	}
	return false;
}

void gb_vmhost_read(struct gb_vmhost *v)
{
	const char *path = getenv("GB_VM_PLAN");
	char line[512];
	bool ok = true;
	FILE *f;

	memset(v, 0, sizeof(*v));
	if (!path || !*path)
		return;
	f = fopen(path, "r");
	if (!f) {
		gb_warn("GB_VM_PLAN %s: cannot read it; the envelope's \"vm\" is null", path);
		return;
	}
	while (ok && fgets(line, sizeof(line), f))
		ok = parse_line(v, line);
	fclose(f);
	if (!ok || v->vcpus <= 0 || v->nr_map != v->vcpus || v->nodes <= 0) {
		gb_warn("GB_VM_PLAN %s: not a plan gbvmplan writes; the envelope's \"vm\" is null", path);
		memset(v, 0, sizeof(*v));
		return;
	}
	v->present = true;
}
