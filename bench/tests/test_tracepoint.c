// SPDX-License-Identifier: GPL-2.0
/* Tracepoint format parsing, on format files from a real kernel. */
#include "check.h"
#include "../measure/tracepoint.h"

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "fixtures";
	struct gb_tp_field f;
	char *text;
	long v;

	text = fixture(dir, "format-mm_migrate_pages-host-6.18.txt");
	if (text) {
		CHECK_EQ(gb_tp_field_parse(text, "succeeded", &f), 0);
		CHECK(f.offset == 8 && f.size == 8);
		CHECK_EQ(gb_tp_field_parse(text, "failed", &f), 0);
		CHECK(f.offset == 16 && f.size == 8);
		CHECK_EQ(gb_tp_field_parse(text, "reason", &f), 0);
		CHECK(f.offset == 60 && f.size == 4);
		/* "thp_failed" must not match "failed", nor the reverse. */
		CHECK_EQ(gb_tp_field_parse(text, "thp_failed", &f), 0);
		CHECK_EQ(f.offset, 32);
		CHECK(gb_tp_field_parse(text, "ailed", &f) < 0);
		CHECK_EQ(gb_tp_symbolic_parse(text, "longterm_pin", &v), 0);
		CHECK_EQ(v, 7);
		CHECK_EQ(gb_tp_symbolic_parse(text, "compaction", &v), 0);
		CHECK_EQ(v, 0);
		CHECK(gb_tp_symbolic_parse(text, "no_such_reason", &v) < 0);
	}
	text = fixture(dir, "format-workqueue_queue_work-host-6.18.txt");
	if (text) {
		CHECK_EQ(gb_tp_field_parse(text, "function", &f), 0);
		CHECK(f.offset == 16 && f.size == 8);
		CHECK_EQ(gb_tp_field_parse(text, "work", &f), 0);
		CHECK(f.offset == 8 && f.size == 8);
	}
	text = fixture(dir, "format-ipi_send_cpumask-host-6.18.txt");
	if (text) {
		CHECK_EQ(gb_tp_field_parse(text, "cpumask", &f), 0);
		CHECK(f.offset == 8 && f.size == 4);
	}
	CHECK_DONE();
}
