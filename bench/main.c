// SPDX-License-Identifier: GPL-2.0
/* gupbench: what longterm GUP pins cost when pages must migrate first. */
#include <stdio.h>

#include "gb.h"
#include "output/schema.h"
#include "system/journal.h"
#include "run/options.h"
#include "run/probe.h"
#include "run/runner.h"
#include "run/schema_example.h"
#include "lib/terminal.h"
#include "system/sys.h"

int main(int argc, char **argv)
{
	struct gb_options o;
	char err[600];
	int n;

	gb_stdout_check_at_exit("gupbench");
	gb_options_parse(argc, argv, &o);
	switch (o.cmd) {
	case GB_CMD_RUN:
		return gb_run(&o);
	case GB_CMD_LIST:
		return gb_list(&o);
	case GB_CMD_PROBE:
		return gb_probe(&o);
	case GB_CMD_RESTORE:
		n = gb_journal_restore_stale(stderr, err, sizeof(err));
		if (n < 0) {
			/* The journal stays, so the next try can finish it. */
			fprintf(stderr, "gupbench: not restored: %s\n", err);
			return GB_EXIT_FAIL;
		}
		fprintf(stderr, "gupbench: restored %d journal(s) of dead gupbench processes\n", n);
		return GB_EXIT_PASS;
	case GB_CMD_SCHEMA:
		return gb_schema_example(stdout) ? GB_EXIT_FAIL : GB_EXIT_PASS;
	case GB_CMD_VERSION:
		printf("gupbench %s (results schema %s)\n", GB_VERSION, GB_SCHEMA);
		return GB_EXIT_PASS;
	case GB_CMD_MANPAGE:
		gb_options_man(stdout);
		return GB_EXIT_PASS;
	case GB_CMD_HELP:
	default:
		gb_options_help(stdout);
		return GB_EXIT_PASS;
	}
}
