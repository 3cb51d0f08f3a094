/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The three kinds of case a run combines, each one file exporting one
 * descriptor and listed once in its .def table:
 *   pinner    - the kernel path that takes the longterm pin
 *   placement - where the buffer's pages should sit before the pin
 *   scenario  - what state the pages are in when the pin comes
 */
#ifndef GB_CASES_H
#define GB_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../gb.h"
#include "../system/layout.h"
#include "../system/machine.h"
#include "../system/topo.h"


/* supported() returns NULL, or a reason written into buf. */
typedef const char *(*gb_supported_fn)(const struct gb_env *env, char *buf,
				       size_t len);

struct gb_pin_result {
	bool ok;			/* every page pinned */
	int err;			/* -errno of a failed pin; 0 when unknown */
	size_t pages_pinned;
	bool kernel_usec_valid;		/* gup_test's own timing */
	uint64_t kernel_get_usec;
	uint64_t kernel_put_usec;
};

struct gb_pinner {
	const char *name;
	const char *summary;
	bool longterm;
	bool unpins_in_pin;	/* pin() also unpins (gup_test benchmarks) */
	gb_supported_fn supported;
	/*
	 * Optional: the system changes the pin path needs (journalled through
	 * sys.h, undone on every exit path), made once before a run first
	 * opens the pinner, never by `gupbench list`.  NULL or why not.
	 */
	gb_supported_fn prepare;
	int (*open)(void **priv);
	void (*close)(void *priv);
	/* Timed: the call under measurement.  Fills r. */
	void (*pin)(void *priv, void *addr, size_t len, struct gb_pin_result *r);
	int (*unpin)(void *priv);
};

/* What scenarios and placements work on: buf.h and ballast.h. */
struct gb_buf;
struct gb_rep;
struct gb_ballast;

enum gb_truth {
	GB_DRAIN_NOT_NEEDED,	/* any drain is a false positive */
	GB_DRAIN_NEEDED,	/* batch references sit on the folios */
	/*
	 * The folios come into being during the call (device-private pages
	 * faulted back): only the drain tracepoint can tell.
	 */
	GB_DRAIN_IN_CALL,
};

/*
 * What a scenario's call hooks get: its own per-call state, the call's
 * buffer, the machine, the pinner, the pin's result once it returned,
 * and the CPUs of the combination other than the pinning one.
 */
struct gb_call_ctx {
	void *priv;			/* the scenario's priv_size bytes */
	struct gb_buf *buf;
	const struct gb_env *env;
	const struct gb_pinner *pinner;
	const struct gb_pin_result *res;	/* valid from call_pinned on */
	const int *other_cpus;		/* the combination's CPUs but the pin's */
	int nr_other;
	int remote_cpu;			/* the first of them, or -1 */
};

/*
 * An option of one scenario: --NAME N, a count in [min, max], shown in
 * help and the man page under the scenario and recorded in the
 * envelope's options.  The parser writes it to *value (the scenario's
 * own variable), which holds def until then.
 */
struct gb_scenario_opt {
	const char *name;
	const char *arg;		/* the argument's name in help */
	const char *help;
	unsigned int def, min, max;
	unsigned int *value;
};

struct gb_json;

struct gb_scenario {
	const char *name;
	const char *summary;
	enum gb_truth truth;
	gb_supported_fn supported;
	/* Once per run, before any rep: system settings it needs. */
	int (*setup)(void);
	/*
	 * Map the buffer and put it in its page state.  b->priv is the
	 * scenario's state for this buffer (priv_size bytes, zeroed before
	 * the call; mapping keeps it).  teardown() undoes whatever prepare()
	 * got to, also after a prepare() that failed.
	 */
	int (*prepare)(struct gb_buf *b, struct gb_rep *rep);
	void (*teardown)(struct gb_buf *b);
	/*
	 * What runs beside the pin, at the call's moments, each optional:
	 * begin before the counters' window opens (threads start, not
	 * measured), go with the window open just before the pin, pinned
	 * when the pin returned (window still open), end once the window
	 * closed (stop and collect), held while a successful call's pins
	 * are held (before --hold), release before the unpin.  The run loop
	 * calls them and knows nothing of what they do.
	 */
	void (*call_begin)(struct gb_call_ctx *c);
	void (*call_go)(struct gb_call_ctx *c);
	void (*call_pinned)(struct gb_call_ctx *c);
	void (*call_end)(struct gb_call_ctx *c);
	void (*call_held)(struct gb_call_ctx *c);
	void (*call_release)(struct gb_call_ctx *c);

	/* What the scenario keeps per call: the size of its priv. */
	size_t priv_size;
	/* Its options, ended by an entry without a name; or NULL. */
	const struct gb_scenario_opt *options;
	/*
	 * Did the call meet the scenario's own conditions?  GB_NO writes
	 * what was missed into buf; GB_UNKNOWN when it could not look.  The
	 * call is kept in the results, marked, and left out of the
	 * statistics unless GB_YES.
	 */
	enum gb_tristate (*conditions)(const void *priv, char *buf, size_t len);
	/*
	 * The call's results of its own: members written into the object
	 * scenario_data.NAME of the call's record (opened and closed by the
	 * emitter).  Every member every time, null when not measured, so
	 * that analysis/metrics.def can name any of them by its path.
	 */
	void (*emit)(struct gb_json *j, const void *priv);
	/*
	 * The pages sit in no zone when the pin comes (on a device): the
	 * placement steers where they come back, which no scan before the
	 * pin can see, so placement is not a condition of the call.
	 */
	bool placed_in_call;
};

struct gb_placement {
	const char *name;
	const char *summary;
	enum gb_where want;	/* GB_WHERE_NR: anywhere */
	gb_supported_fn supported;
	/*
	 * Before each rep's faults; may grow the ballast.  Returns 1 when
	 * the buffer must be steered (the caller then soaks up the per-CPU
	 * page lists too), 0 when the allocator needs no help.
	 */
	int (*prepare)(struct gb_ballast *b, const struct gb_env *env);
};

#define GB_PINNER(n)	extern const struct gb_pinner gb_pinner_##n;
#include "pinners/pinners.def"
#undef GB_PINNER
#define GB_PLACEMENT(n)	extern const struct gb_placement gb_placement_##n;
#include "placements/placements.def"
#undef GB_PLACEMENT
#define GB_SCENARIO(n)	extern const struct gb_scenario gb_scenario_##n;
#include "scenarios/scenarios.def"
#undef GB_SCENARIO

extern const struct gb_pinner *const gb_pinners[];
extern const struct gb_placement *const gb_placements[];
extern const struct gb_scenario *const gb_scenarios[];

const struct gb_pinner *gb_pinner_find(const char *name);
const struct gb_placement *gb_placement_find(const char *name);
const struct gb_scenario *gb_scenario_find(const char *name);

#endif
