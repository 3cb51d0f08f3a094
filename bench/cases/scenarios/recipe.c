// SPDX-License-Identifier: GPL-2.0
/*
 * A page state composed from primitives (cases/recipe.h): the recipe
 * given with --recipe, or the one `gupbench explore` is trying.  Only
 * the drain tracepoint can tell whether a drain was needed, so the
 * truth is left to it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../cases.h"
#include "../recipe.h"
#include "../../lib/json.h"
#include "../../measure/pagemap.h"
#include "../../prepare/buf.h"
#include "../../prepare/thp.h"

static struct gb_recipe current;
static char current_text[GB_RECIPE_TEXT];

int gb_recipe_use(const char *text, char *err, size_t len)
{
	struct gb_recipe r;

	if (gb_recipe_parse(text, &r, err, len))
		return -1;
	current = r;
	gb_recipe_format(&r, current_text, sizeof(current_text));
	return 0;
}

/* Per call: the forked child holding the pages mapped, the pipe holding references. */
struct recipe_call {
	pid_t child;
	int hold_fd;		/* closing it lets the child go */
	int pipe_fd[2];
	bool piped;
	size_t refs;
	char text[GB_RECIPE_TEXT];
	/* mthp=: the folios the buffer got, scanned once its steps ran */
	unsigned want_kb;
	bool scanned;
	size_t pages, thp, thp_heads;
};

static const char *recipe_supported(const struct gb_env *env, char *buf, size_t len)
{
	int cpus = gb_recipe_cpus(&current);

	if (!current.n) {
		snprintf(buf, len, "no recipe: give one with --recipe (cases/recipe.h lists the steps)");
		return buf;
	}
	if (env->topo->nr_cpus < cpus) {
		snprintf(buf, len, "the recipe faults on %d CPUs, this process has %d",
			 cpus, env->topo->nr_cpus);
		return buf;
	}
	if (gb_recipe_has(&current, GB_STEP_THP))
		return gb_thp_supported(env, buf, len);
	if (current.s[0].kind == GB_STEP_MTHP)
		return gb_mthp_supported(env, current.s[0].kb, buf, len);
	if (gb_recipe_has(&current, GB_STEP_MLOCK) ||
	    gb_recipe_has(&current, GB_STEP_MLOCK_ONFAULT))
		return gb_mlock_supported(env, buf, len);
	return NULL;
}

static int recipe_setup(void)
{
	if (current.s[0].kind == GB_STEP_MTHP)
		return gb_mthp_allow_madvise(current.s[0].kb);
	return gb_recipe_has(&current, GB_STEP_THP) ? gb_thp_allow_madvise() : 0;
}

static int map(struct gb_buf *b, size_t size)
{
	int err;

	if (current.s[0].kind == GB_STEP_MEMFD)
		return gb_buf_map_shared(b, size);
	if (current.s[0].kind == GB_STEP_MTHP)
		err = gb_buf_map_anon(b, size, (size_t)current.s[0].kb << 10);
	else if (current.s[0].kind == GB_STEP_THP)
		err = gb_buf_map_anon(b, size, GB_THP_SIZE);
	else
		return gb_buf_map_anon(b, size, 0);
	if (!err && madvise(b->addr, b->size, MADV_HUGEPAGE))
		err = -errno;
	return err;
}

/*
 * The child maps every page (a read each) and keeps them mapped until
 * the parent closes its end of the pipe.  Only async-signal-safe calls:
 * the parent has threads.
 */
static int fork_holder(struct gb_buf *b, struct recipe_call *c)
{
	int ready[2], hold[2];
	char x = 0;

	if (pipe2(ready, O_CLOEXEC))
		return -errno;
	if (pipe2(hold, O_CLOEXEC)) {
		close(ready[0]);
		close(ready[1]);
		return -errno;
	}
	c->child = fork();
	if (c->child < 0) {
		c->child = 0;
		close(ready[0]), close(ready[1]), close(hold[0]), close(hold[1]);
		return -errno;
	}
	if (!c->child) {
		volatile const char *p = b->addr;
		size_t off, step = (size_t)sysconf(_SC_PAGESIZE);

		close(hold[1]);
		for (off = 0; off < b->size; off += step)
			x += p[off];
		if (write(ready[1], &x, 1) != 1)
			_exit(1);
		while (read(hold[0], &x, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	c->hold_fd = hold[1];
	if (read(ready[0], &x, 1) != 1) {
		close(ready[0]);
		return -ECHILD;
	}
	close(ready[0]);
	return 0;
}

static int vmsplice_all(struct gb_buf *b, struct recipe_call *c)
{
	size_t done = 0, page = (size_t)sysconf(_SC_PAGESIZE);

	if (pipe2(c->pipe_fd, O_CLOEXEC | O_NONBLOCK))
		return -errno;
	c->piped = true;
	if (fcntl(c->pipe_fd[1], F_SETPIPE_SZ, (int)b->size) < 0)
		(void)fcntl(c->pipe_fd[1], F_SETPIPE_SZ, 1 << 20);
	while (done < b->size) {
		struct iovec iov = { (char *)b->addr + done, b->size - done };
		ssize_t n = vmsplice(c->pipe_fd[1], &iov, 1, SPLICE_F_NONBLOCK);

		if (n <= 0)
			break;
		done += (size_t)n;
	}
	c->refs = done / page;
	return c->refs ? 0 : -EIO;
}

static int step(struct gb_buf *b, struct gb_rep *rep, const struct gb_step *st,
		struct recipe_call *c)
{
	const struct gb_topo *t = rep->env->topo;
	size_t half = b->size / 2, from, to;
	int cpu;

	switch (st->kind) {
	case GB_STEP_MEMFD:
	case GB_STEP_THP:
	case GB_STEP_MTHP:
		return 0;
	case GB_STEP_FAULT:
		cpu = st->who == GB_WHO_PIN ? rep->pin_cpu :
		      st->who == GB_WHO_REMOTE ? rep->remote_cpu : t->order[2];
		from = st->part == GB_PART_TAIL ? half : 0;
		to = st->part == GB_PART_HEAD ? half : b->size;
		rep->batch_cpu = cpu;
		return gb_buf_fault_part_on_cpu(b, from, to, cpu);
	case GB_STEP_SETTLE:
		return gb_lru_drain_all_cpus(b->addr, t);
	case GB_STEP_MLOCK:
	case GB_STEP_MLOCK_ONFAULT:
		if (syscall(SYS_mlock2, b->addr, b->size,
			    st->kind == GB_STEP_MLOCK ? 0 : MLOCK_ONFAULT))
			return -errno;
		b->mlocked = true;
		return 0;
	case GB_STEP_MUNLOCK:
		if (munlock(b->addr, b->size))
			return -errno;
		b->mlocked = false;
		return 0;
	case GB_STEP_FORK:
		return fork_holder(b, c);
	case GB_STEP_REF:
		return vmsplice_all(b, c);
	default:
		return -EINVAL;
	}
}

static int recipe_prepare(struct gb_buf *b, struct gb_rep *rep)
{
	struct recipe_call *c = b->priv;
	int i, err = map(b, rep->size);

	c->hold_fd = -1;
	snprintf(c->text, sizeof(c->text), "%s", current_text);
	rep->batch_cpu = -1;
	for (i = 0; !err && i < current.n; i++)
		err = step(b, rep, &current.s[i], c);
	c->want_kb = current.s[0].kind == GB_STEP_MTHP ? current.s[0].kb : 0;
	if (!err && c->want_kb) {
		struct gb_pagescan scan;

		/* Which folios the faults got: the kernel may fall back to smaller ones. */
		c->scanned = !gb_pagescan(rep->env->layout, b->addr, b->size, &scan) &&
			     scan.flags_visible && scan.pfns_visible;
		c->pages = scan.pages - scan.where[GB_WHERE_NONE];
		c->thp = scan.thp;
		c->thp_heads = scan.thp_heads;
	}
	return err;
}

/* mthp=: every faulted page in a folio of the size asked for. */
static enum gb_tristate recipe_conditions(const void *priv, char *buf, size_t len)
{
	const struct recipe_call *c = priv;
	size_t per = ((size_t)c->want_kb << 10) / (size_t)sysconf(_SC_PAGESIZE);

	if (!c->want_kb)
		return GB_YES;
	if (!c->scanned) {
		snprintf(buf, len, "mthp: the folios could not be read (/proc/kpageflags)");
		return GB_UNKNOWN;
	}
	if (c->thp == c->pages && c->thp_heads * per == c->thp)
		return GB_YES;
	snprintf(buf, len, "mthp: %zu of %zu faulted pages in large folios, %zu folios (%u kB ones would be %zu)",
		 c->thp, c->pages, c->thp_heads, c->want_kb, c->pages / (per ? per : 1));
	return GB_NO;
}

static void recipe_teardown(struct gb_buf *b)
{
	struct recipe_call *c = b->priv;

	if (c->hold_fd >= 0)
		close(c->hold_fd);
	c->hold_fd = -1;
	if (c->child > 0) {
		int st;

		/* It exits when the pipe closes; a stuck one is killed. */
		if (waitpid(c->child, &st, WNOHANG) == 0) {
			usleep(1000);
			if (waitpid(c->child, &st, WNOHANG) == 0) {
				kill(c->child, SIGKILL);
				waitpid(c->child, &st, 0);
			}
		}
	}
	c->child = 0;
	if (c->piped) {
		close(c->pipe_fd[0]);
		close(c->pipe_fd[1]);
	}
	c->piped = false;
	gb_buf_unmap(b);
}

static void recipe_emit(struct gb_json *j, const void *priv)
{
	const struct recipe_call *c = priv;

	gb_json_kv_str(j, "recipe", c->text);
	gb_json_kv_u64(j, "extra_refs", c->refs);
	/* The folios mthp= got, before the pin (null without mthp=). */
	gb_json_kv_u64_or_null(j, "large_folios", c->want_kb && c->scanned, c->thp_heads);
	gb_json_kv_u64_or_null(j, "large_folio_pages", c->want_kb && c->scanned, c->thp);
}

const struct gb_scenario gb_scenario_recipe = {
	.name = "recipe",
	.summary = "the page state --recipe composes from primitives (memfd, thp, mthp=SIZE, fault=WHO[:PART], settle, mlock, mlock=onfault, munlock, fork, ref)",
	.truth = GB_DRAIN_IN_CALL,
	.supported = recipe_supported,
	.setup = recipe_setup,
	.prepare = recipe_prepare,
	.teardown = recipe_teardown,
	.priv_size = sizeof(struct recipe_call),
	.emit = recipe_emit,
	.conditions = recipe_conditions,
	/*
	 * A recipe may leave pages unmapped in this process until the pin
	 * faults them (memfd pages a forked child faulted, pages never
	 * faulted): no scan before the pin sees where they are.
	 */
	.placed_in_call = true,
};
