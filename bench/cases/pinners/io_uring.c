// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring fixed buffers: IORING_REGISTER_BUFFERS pins every page with
 * pin_user_pages_fast(FOLL_WRITE | FOLL_LONGTERM), which is what RDMA and
 * storage users of fixed buffers hit.  Unprivileged on stock kernels.
 */
#include <errno.h>
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../cases.h"
#include "../../system/sys.h"

/* io_uring refuses a single iovec above SZ_1G (io_buffer_validate). */
#define IOVEC_MAX	(1ul << 30)
#define MAX_IOVECS	16384	/* IORING_MAX_REG_BUFFERS */

struct uring_priv {
	struct io_uring ring;
	struct iovec iov[MAX_IOVECS];
};

static const char *uring_supported(const struct gb_env *env, char *buf,
				   size_t len)
{
	struct io_uring ring;
	uint64_t disabled = 0;
	int err;

	if (!gb_read_u64("/proc/sys/kernel/io_uring_disabled", &disabled) &&
	    disabled == 2) {
		snprintf(buf, len, "io_uring is disabled: kernel.io_uring_disabled=2");
		return buf;
	}
	err = io_uring_queue_init(1, &ring, 0);
	if (err) {
		snprintf(buf, len, "io_uring_setup: %s%s", gb_errno_hint(-err),
			 err == -ENOSYS ? " (needs CONFIG_IO_URING)" : "");
		return buf;
	}
	io_uring_queue_exit(&ring);
	if (env->size / IOVEC_MAX >= MAX_IOVECS) {
		snprintf(buf, len, "buffer needs more than %d iovecs of 1 GiB",
			 MAX_IOVECS);
		return buf;
	}
	if (!env->root && env->memlock < env->size) {
		snprintf(buf, len,
			 "RLIMIT_MEMLOCK is %llu bytes, below the %zu-byte buffer: io_uring charges pins to it; run as root or raise ulimit -l",
			 (unsigned long long)env->memlock, env->size);
		return buf;
	}
	return NULL;
}

static int uring_open(void **priv)
{
	struct uring_priv *p = calloc(1, sizeof(*p));
	int err;

	if (!p)
		return -ENOMEM;
	err = io_uring_queue_init(1, &p->ring, 0);
	if (err) {
		free(p);
		return err;
	}
	*priv = p;
	return 0;
}

static void uring_close(void *priv)
{
	struct uring_priv *p = priv;

	io_uring_queue_exit(&p->ring);
	free(p);
}

static void uring_pin(void *priv, void *addr, size_t len,
		     struct gb_pin_result *r)
{
	struct uring_priv *p = priv;
	size_t off = 0;
	unsigned int n = 0;

	while (off < len && n < MAX_IOVECS) {
		size_t chunk = len - off < IOVEC_MAX ? len - off : IOVEC_MAX;

		p->iov[n].iov_base = (char *)addr + off;
		p->iov[n].iov_len = chunk;
		off += chunk;
		n++;
	}
	r->err = io_uring_register_buffers(&p->ring, p->iov, n);
	r->ok = r->err == 0;
	r->pages_pinned = r->ok ? len / (size_t)sysconf(_SC_PAGESIZE) : 0;
}

static int uring_unpin(void *priv)
{
	struct uring_priv *p = priv;

	return io_uring_unregister_buffers(&p->ring);
}

const struct gb_pinner gb_pinner_io_uring = {
	.name = "io_uring",
	.summary = "IORING_REGISTER_BUFFERS / UNREGISTER (FOLL_LONGTERM)",
	.longterm = true,
	.supported = uring_supported,
	.open = uring_open,
	.close = uring_close,
	.pin = uring_pin,
	.unpin = uring_unpin,
};
