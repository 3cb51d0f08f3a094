// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/gup_test (CONFIG_GUP_TEST): PIN_LONGTERM_BENCHMARK
 * calls pin_user_pages(FOLL_LONGTERM) on the whole buffer in one call and
 * unpins inside the same ioctl; PIN_FAST_BENCHMARK is the same without
 * FOLL_LONGTERM, the control that never migrates or drains.  The kernel
 * times both halves itself (get_delta_usec, put_delta_usec).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../cases.h"
#include "../../system/sys.h"

/* mm/gup_test.h is not uapi; kselftests copy it the same way. */
#define GUP_TEST_MAX_PAGES_TO_DUMP	8
struct gup_test {
	__u64 get_delta_usec;
	__u64 put_delta_usec;
	__u64 addr;
	__u64 size;
	__u32 nr_pages_per_call;
	__u32 gup_flags;
	__u32 test_flags;
	__u32 which_pages[GUP_TEST_MAX_PAGES_TO_DUMP];
};
#define PIN_FAST_BENCHMARK	_IOWR('g', 2, struct gup_test)
#define PIN_LONGTERM_BENCHMARK	_IOWR('g', 3, struct gup_test)
#define GB_FOLL_WRITE		0x01

struct gup_priv {
	int fd;
	unsigned long cmd;
};

static const char *gup_supported(const struct gb_env *env, char *buf,
				 size_t len)
{
	char path[300];

	if (!env->debugfs) {
		snprintf(buf, len, "debugfs is not mounted and cannot be (needs root and CONFIG_DEBUG_FS)");
		return buf;
	}
	snprintf(path, sizeof(path), "%s/gup_test", env->debugfs);
	if (access(path, R_OK | W_OK)) {
		snprintf(buf, len, "%s: %s%s", path, gb_errno_hint(errno),
			 errno == ENOENT ? " (needs CONFIG_GUP_TEST)" : "");
		return buf;
	}
	return NULL;
}

static int gup_open(void **priv, unsigned long cmd)
{
	struct gup_priv *p = calloc(1, sizeof(*p));
	const char *dbg = gb_debugfs();
	char path[300];

	if (!p)
		return -ENOMEM;
	snprintf(path, sizeof(path), "%s/gup_test", dbg ? dbg : "/sys/kernel/debug");
	p->fd = open(path, O_RDWR | O_CLOEXEC);
	if (p->fd < 0) {
		int err = -errno;

		free(p);
		return err;
	}
	p->cmd = cmd;
	*priv = p;
	return 0;
}

static int gup_open_longterm(void **priv)
{
	return gup_open(priv, PIN_LONGTERM_BENCHMARK);
}

static int gup_open_fast(void **priv)
{
	return gup_open(priv, PIN_FAST_BENCHMARK);
}

static void gup_close(void *priv)
{
	struct gup_priv *p = priv;

	close(p->fd);
	free(p);
}

static void gup_pin(void *priv, void *addr, size_t len,
		   struct gb_pin_result *r)
{
	struct gup_priv *p = priv;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	struct gup_test g;

	memset(&g, 0, sizeof(g));
	g.addr = (uintptr_t)addr;
	g.size = len;
	/* One pin_user_pages() call for the buffer, like io_uring's. */
	g.nr_pages_per_call = (__u32)(len / page);
	g.gup_flags = GB_FOLL_WRITE;
	if (ioctl(p->fd, p->cmd, &g)) {
		r->err = -errno;
		return;
	}
	r->kernel_usec_valid = true;
	r->kernel_get_usec = g.get_delta_usec;
	r->kernel_put_usec = g.put_delta_usec;
	r->pages_pinned = (size_t)(g.size / page);
	/*
	 * gup_test reports a failed pin only as fewer bytes pinned; the
	 * errno pin_user_pages() returned is not passed back, so r->err
	 * stays 0 ("unknown") for a short pin.
	 */
	r->ok = r->pages_pinned == len / page;
}

const struct gb_pinner gb_pinner_gup_test = {
	.name = "gup_test",
	.summary = "debugfs gup_test PIN_LONGTERM_BENCHMARK (pin_user_pages FOLL_LONGTERM)",
	.longterm = true,
	.unpins_in_pin = true,
	.supported = gup_supported,
	.open = gup_open_longterm,
	.close = gup_close,
	.pin = gup_pin,
};

const struct gb_pinner gb_pinner_gup_test_fast = {
	.name = "gup_test_fast",
	.summary = "debugfs gup_test PIN_FAST_BENCHMARK: the non-longterm control",
	.longterm = false,
	.unpins_in_pin = true,
	.supported = gup_supported,
	.open = gup_open_fast,
	.close = gup_close,
	.pin = gup_pin,
};
