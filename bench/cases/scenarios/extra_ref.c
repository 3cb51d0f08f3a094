// SPDX-License-Identifier: GPL-2.0
/*
 * Settled pages that also carry references no drain can remove: each is
 * vmspliced into a pipe nobody reads, and the pipe holds a page
 * reference until it is closed.  The ref_count check sees the excess
 * and drains for nothing; migration of those folios then fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../cases.h"
#include "../../lib/json.h"
#include "../../prepare/buf.h"
#include "../../system/sys.h"

/* The pipe that holds the references, until teardown closes it. */
struct extra_ref {
	int pipe_fd[2];
	bool open;
	size_t pages;		/* pages with a reference no drain removes */
};

static int extra_prepare(struct gb_buf *b, struct gb_rep *rep)
{
	struct extra_ref *x = b->priv;
	size_t page = (size_t)sysconf(_SC_PAGESIZE), want, done = 0;
	uint64_t max;
	int err = gb_buf_map_anon(b, rep->size, 0), cap;

	if (err)
		return err;
	gb_buf_fault(b);
	if (pipe2(x->pipe_fd, O_CLOEXEC | O_NONBLOCK))
		return -errno;
	x->open = true;
	/*
	 * CAP_SYS_RESOURCE may size a pipe past fs.pipe-max-size; without
	 * it the pipe-max-size pages at the start of the buffer get the
	 * extra reference (scenario_data.extra-ref.extra_refs says how many).
	 */
	cap = fcntl(x->pipe_fd[1], F_SETPIPE_SZ, (int)b->size);
	if (cap < 0 && !gb_read_u64("/proc/sys/fs/pipe-max-size", &max))
		cap = fcntl(x->pipe_fd[1], F_SETPIPE_SZ, (int)max);
	if (cap < 0)
		cap = fcntl(x->pipe_fd[1], F_GETPIPE_SZ);
	want = (size_t)cap < b->size ? (size_t)cap : b->size;
	while (done < want) {
		struct iovec iov = { (char *)b->addr + done, want - done };
		ssize_t n = vmsplice(x->pipe_fd[1], &iov, 1, SPLICE_F_NONBLOCK);

		if (n <= 0)
			break;
		done += (size_t)n;
	}
	x->pages = done / page;
	if (!x->pages)
		return -EIO;
	return gb_lru_drain_all_cpus(b->addr, rep->env->topo);
}

static void extra_teardown(struct gb_buf *b)
{
	struct extra_ref *x = b->priv;

	if (x->open) {
		close(x->pipe_fd[0]);
		close(x->pipe_fd[1]);
	}
	x->open = false;
	gb_buf_unmap(b);
}

static void emit_refs(struct gb_json *j, const void *priv)
{
	gb_json_kv_u64(j, "extra_refs", ((const struct extra_ref *)priv)->pages);
}

const struct gb_scenario gb_scenario_extra_ref = {
	.name = "extra-ref",
	.summary = "settled pages also referenced by a pipe (vmsplice): drains cannot help",
	.truth = GB_DRAIN_NOT_NEEDED,
	.prepare = extra_prepare,
	.teardown = extra_teardown,
	.priv_size = sizeof(struct extra_ref),
	.emit = emit_refs,
};
