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
 *
 * Its own: the --stall-ms option, the conditions (every page on the
 * device when the pin came), and scenario_data.device-private of the
 * call's record (the faults beside the pin).
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "../cases.h"
#include "../../during/devpriv.h"
#include "../../lib/json.h"
#include "../../prepare/buf.h"

/* The test_hmm mirror this buffer was moved to, and the call's faults. */
struct device_private {
	int fd;
	bool fd_open;
	struct gb_devpriv_result dev;
};

static unsigned int stall_ms = GB_DEVPRIV_STALL_MS;

static const struct gb_scenario_opt device_private_options[] = {
	{ "stall-ms", "MS",
	  "the reading threads give up after MS ms; a pin still running then is marked stalled",
	  GB_DEVPRIV_STALL_MS, 1, 3600000, &stall_ms },
	{ NULL },
};

static const char *device_private_supported(const struct gb_env *env,
					    char *buf, size_t len)
{
	(void)env;
	return gb_devpriv_supported(buf, len);
}

static int device_private_prepare(struct gb_buf *b, struct gb_rep *rep)
{
	struct device_private *d = b->priv;
	int err = gb_buf_map_anon(b, rep->size, 0), fd;

	if (err)
		return err;
	gb_buf_fault(b);
	fd = gb_devpriv_migrate(b->addr, b->size);
	if (fd < 0)
		return fd;
	d->fd = fd;
	d->fd_open = true;
	return 0;
}

static void device_private_teardown(struct gb_buf *b)
{
	struct device_private *d = b->priv;

	/* The mirror first; unmapping then frees the device pages. */
	if (d->fd_open)
		close(d->fd);
	d->fd_open = false;
	gb_buf_unmap(b);
}

/* A reader on every other CPU of the combination, released with the pin. */
static void start_readers(struct gb_call_ctx *c)
{
	struct device_private *d = c->priv;

	gb_devpriv_start(d->fd_open ? d->fd : -1, c->buf->addr, c->buf->size,
			 c->other_cpus, c->nr_other, stall_ms, &d->dev);
}

static void release_readers(struct gb_call_ctx *c)
{
	gb_devpriv_go(&((struct device_private *)c->priv)->dev);
}

static void pin_returned(struct gb_call_ctx *c)
{
	gb_devpriv_pin_returned(&((struct device_private *)c->priv)->dev);
}

static void stop_readers(struct gb_call_ctx *c)
{
	gb_devpriv_finish(&((struct device_private *)c->priv)->dev);
}

/*
 * The pages are on the device, not in any zone: the condition is all of
 * them there when the pin came.
 */
static enum gb_tristate all_on_device(const void *priv, char *buf, size_t len)
{
	const struct gb_devpriv_result *d = &((const struct device_private *)priv)->dev;

	if (!d->ran)
		snprintf(buf, len, "device: %s", d->note ? d->note : "not measured");
	else if (d->device_before < d->pages)
		snprintf(buf, len, "device: %llu of %llu pages on the device before the pin",
			 (unsigned long long)d->device_before,
			 (unsigned long long)d->pages);
	else
		return GB_YES;
	return GB_NO;
}

static void emit_faults(struct gb_json *j, const void *priv)
{
	const struct gb_devpriv_result *d = &((const struct device_private *)priv)->dev;
	bool ran = d->ran;

	gb_json_kv_bool(j, "ran", ran);
	gb_json_kv_str_or_null(j, "note", d->note);
	gb_json_kv_u64_or_null(j, "faulters", ran, (uint64_t)d->faulters);
	gb_json_kv_u64_or_null(j, "pages", ran, d->pages);
	gb_json_kv_u64_or_null(j, "device_before", ran, d->device_before);
	gb_json_kv_u64_or_null(j, "device_after", ran && d->after_known, d->device_after);
	gb_json_kv_u64_or_null(j, "faulter_faults", ran, d->faulter_faults);
	gb_json_kv_u64_or_null(j, "pin_faults", ran, d->pin_faults);
	gb_json_kv_u64_or_null(j, "fault_retries", ran && d->retries_known, d->fault_retries);
	gb_json_kv_u64_or_null(j, "vm_pgfault", ran && d->vm_pgfault_valid, d->vm_pgfault);
	gb_json_kv_u64_or_null(j, "stall_ms", ran, d->stall_ms);
	gb_json_kv_bool_or_null(j, "stalled", ran, d->stalled);
	gb_json_kv_u64_or_null(j, "faulters_ran_ns", ran, d->faulters_ran_ns);
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
	.priv_size = sizeof(struct device_private),
	.options = device_private_options,
	.conditions = all_on_device,
	.emit = emit_faults,
	.placed_in_call = true,
};
