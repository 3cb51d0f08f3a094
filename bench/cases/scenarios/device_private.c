// SPDX-License-Identifier: GPL-2.0
/*
 * Device-private pages (seed 003): a buffer faulted in RAM, then moved
 * to test_hmm's device memory, so that the pin meets device-private
 * entries and faults every page back through migrate_to_ram(), while
 * reading threads on the other CPUs fault the same pages (devpriv.h).
 *
 * Whether a drain is needed is decided inside the call: the pages come
 * back through the lru_add batch of whichever CPU faulted them, and
 * where the allocator put them (the placement steers that) says whether
 * the pin must migrate them.  Only the kernel's drain tracepoint can
 * classify these drains.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "../../during/devpriv.h"
#include "../../prepare/buf.h"
#include "../../run/call_record.h"

static const char *device_private_supported(const struct gb_env *env,
					    char *buf, size_t len)
{
	(void)env;
	return gb_devpriv_supported(buf, len);
}

static int device_private_prepare(struct gb_buf *b, struct gb_rep *rep)
{
	int err = gb_buf_map_anon(b, rep->size, 0), fd;

	if (err)
		return err;
	gb_buf_fault(b);
	fd = gb_devpriv_migrate(b->addr, b->size);
	if (fd < 0)
		return fd;
	b->dev_fd = fd;
	return 0;
}

static void device_private_teardown(struct gb_buf *b)
{
	/* The mirror first; unmapping then frees the device pages. */
	if (b->dev_fd >= 0)
		close(b->dev_fd);
	b->dev_fd = -1;
	gb_buf_unmap(b);
}

/* A reader on every other CPU of the combination, released with the pin. */
static void start_readers(struct gb_call_ctx *c)
{
	gb_devpriv_start(c->buf->dev_fd, c->buf->addr, c->buf->size, c->other_cpus,
			 c->nr_other, c->stall_ms, &c->rec->dev);
}

static void release_readers(struct gb_call_ctx *c)
{
	gb_devpriv_go(&c->rec->dev);
}

static void pin_returned(struct gb_call_ctx *c)
{
	gb_devpriv_pin_returned(&c->rec->dev);
}

static void stop_readers(struct gb_call_ctx *c)
{
	gb_devpriv_finish(&c->rec->dev);
}

const struct gb_scenario gb_scenario_device_private = {
	.name = "device-private",
	.summary = "pages moved to test_hmm device memory, faulted back by the pin while other CPUs' threads read them",
	.truth = GB_DRAIN_IN_CALL,
	.supported = device_private_supported,
	.prepare = device_private_prepare,
	.teardown = device_private_teardown,
	.call_begin = start_readers,
	.call_go = release_readers,
	.call_pinned = pin_returned,
	.call_end = stop_readers,
	.device_private = true,
};
