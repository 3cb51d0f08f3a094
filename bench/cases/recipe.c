// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "recipe.h"

const char *const gb_step_names[GB_NR_STEP_KINDS] = {
	[GB_STEP_MEMFD] = "memfd",
	[GB_STEP_THP] = "thp",
	[GB_STEP_MTHP] = "mthp",
	[GB_STEP_FAULT] = "fault",
	[GB_STEP_SETTLE] = "settle",
	[GB_STEP_MLOCK] = "mlock",
	[GB_STEP_MLOCK_ONFAULT] = "mlock=onfault",
	[GB_STEP_MUNLOCK] = "munlock",
	[GB_STEP_FORK] = "fork",
	[GB_STEP_REF] = "ref",
};
const char *const gb_who_names[GB_NR_WHO] = { "pin", "remote", "remote2" };
const char *const gb_part_names[GB_NR_PART] = { "all", "head", "tail" };

static int lookup(const char *const *names, int n, const char *s, size_t len)
{
	int i;

	for (i = 0; i < n; i++)
		if (strlen(names[i]) == len && !strncmp(names[i], s, len))
			return i;
	return -1;
}

static int parse_fault(const char *arg, size_t len, struct gb_step *st)
{
	const char *colon = memchr(arg, ':', len);
	size_t wl = colon ? (size_t)(colon - arg) : len;
	int who = lookup(gb_who_names, GB_NR_WHO, arg, wl), part = GB_PART_ALL;

	if (colon)
		part = lookup(gb_part_names, GB_NR_PART, colon + 1, len - wl - 1);
	if (who < 0 || part < 0)
		return -1;
	st->who = (enum gb_who)who;
	st->part = (enum gb_part)part;
	return 0;
}

/* mthp=SIZE: 16k ... 1024k (or K), a power of two; written 64k, as results keep recipes lowercase. */
static int parse_mthp(const char *arg, size_t len, struct gb_step *st)
{
	unsigned kb = 0;
	size_t i;

	if (len < 2 || len > 5 || (arg[len - 1] != 'k' && arg[len - 1] != 'K'))
		return -1;
	for (i = 0; i + 1 < len; i++) {
		if (arg[i] < '0' || arg[i] > '9')
			return -1;
		kb = kb * 10 + (unsigned)(arg[i] - '0');
	}
	if (kb < GB_MTHP_MIN_KB || kb > GB_MTHP_MAX_KB || (kb & (kb - 1)))
		return -1;
	st->kb = kb;
	return 0;
}

bool gb_step_is_buffer(enum gb_step_kind k)
{
	return k == GB_STEP_MEMFD || k == GB_STEP_THP || k == GB_STEP_MTHP;
}

/* The rules every recipe keeps, whoever wrote it. */
static const char *invalid(const struct gb_recipe *r)
{
	int i, forks = 0, refs = 0;

	if (!r->n)
		return "an empty recipe";
	for (i = 0; i < r->n; i++) {
		enum gb_step_kind k = r->s[i].kind;

		if (gb_step_is_buffer(k) && i)
			return "memfd, thp and mthp= choose the buffer: only as the first step";
		if (k == GB_STEP_MTHP && (r->s[i].kb < GB_MTHP_MIN_KB || r->s[i].kb > GB_MTHP_MAX_KB ||
					  (r->s[i].kb & (r->s[i].kb - 1))))
			return "mthp=SIZE: 16k to 1024k, a power of two";
		forks += k == GB_STEP_FORK;
		refs += k == GB_STEP_REF;
	}
	if (forks > 1 || refs > 1)
		return "fork and ref at most once each";
	return NULL;
}

bool gb_recipe_valid(const struct gb_recipe *r)
{
	return r->n > 0 && r->n <= GB_RECIPE_MAX && !invalid(r);
}

int gb_recipe_parse(const char *text, struct gb_recipe *r, char *err, size_t len)
{
	const char *s = text, *why;

	memset(r, 0, sizeof(*r));
	if (strlen(text) >= GB_RECIPE_TEXT) {
		snprintf(err, len, "longer than %d characters", GB_RECIPE_TEXT - 1);
		return -1;
	}
	while (*s) {
		size_t n = strcspn(s, ";"), name = strcspn(s, "=;");
		struct gb_step st = { 0 };
		int k;

		if (r->n == GB_RECIPE_MAX) {
			snprintf(err, len, "more than %d steps", GB_RECIPE_MAX);
			return -1;
		}
		k = lookup(gb_step_names, GB_NR_STEP_KINDS, s, n);
		if (k < 0 && name < n && !strncmp(s, "fault", name) && name == 5) {
			k = GB_STEP_FAULT;
			if (parse_fault(s + name + 1, n - name - 1, &st)) {
				snprintf(err, len, "'%.*s': fault=WHO[:PART], WHO pin, remote or remote2, PART all, head or tail",
					 (int)n, s);
				return -1;
			}
		}
		if (k < 0 && name < n && name == 4 && !strncmp(s, "mthp", name)) {
			k = GB_STEP_MTHP;
			if (parse_mthp(s + name + 1, n - name - 1, &st)) {
				snprintf(err, len, "'%.*s': mthp=SIZE, SIZE 16k to 1024k, a power of two (an anon mTHP size)",
					 (int)(n > 40 ? 40 : n), s);
				return -1;
			}
		}
		if (k < 0 || ((k == GB_STEP_FAULT || k == GB_STEP_MTHP) && name == n)) {
			snprintf(err, len, "'%.*s' is not a step (memfd, thp, mthp=SIZE, fault=WHO[:PART], settle, mlock, mlock=onfault, munlock, fork, ref)",
				 (int)(n > 40 ? 40 : n), s);
			return -1;
		}
		st.kind = (enum gb_step_kind)k;
		r->s[r->n++] = st;
		s += n;
		if (*s == ';' && !*++s) {
			snprintf(err, len, "ends with ';'");
			return -1;
		}
	}
	why = invalid(r);
	if (why) {
		snprintf(err, len, "%s", why);
		return -1;
	}
	return 0;
}

void gb_recipe_format(const struct gb_recipe *r, char *buf, size_t len)
{
	size_t at = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < r->n && at < len; i++) {
		const struct gb_step *st = &r->s[i];

		if (st->kind == GB_STEP_FAULT)
			at += (size_t)snprintf(buf + at, len - at, "%sfault=%s%s%s", i ? ";" : "",
					       gb_who_names[st->who],
					       st->part == GB_PART_ALL ? "" : ":",
					       st->part == GB_PART_ALL ? "" : gb_part_names[st->part]);
		else if (st->kind == GB_STEP_MTHP)
			at += (size_t)snprintf(buf + at, len - at, "%smthp=%uk", i ? ";" : "", st->kb);
		else
			at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? ";" : "",
					       gb_step_names[st->kind]);
	}
}

int gb_recipe_cpus(const struct gb_recipe *r)
{
	int i, cpus = 1;

	for (i = 0; i < r->n; i++)
		if (r->s[i].kind == GB_STEP_FAULT && (int)r->s[i].who + 1 > cpus)
			cpus = (int)r->s[i].who + 1;
	return cpus;
}

bool gb_recipe_has(const struct gb_recipe *r, enum gb_step_kind k)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (r->s[i].kind == k)
			return true;
	return false;
}
