/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Batch holders: before every pin, the worker thread of each of N CPUs
 * faults a few folios into its CPU's lru_add batch, so that
 * lru_add_drain_all() finds N CPUs to drain.
 */
#ifndef GB_HOLDERS_H
#define GB_HOLDERS_H

/* Folios each holder leaves in its batch: fewer than a batch holds. */
#define GB_HOLDER_FOLIOS	8

struct gb_holders;

struct gb_holders *gb_holders_start(const int *cpus, int n);
/*
 * Every holder but those on the CPUs in skip[] (CPUs whose batch a
 * scenario or a co-pinner filled) refills its batch; returns when all
 * have.  0 or -errno.
 */
int gb_holders_fill(struct gb_holders *h, const int *skip, int nskip);
void gb_holders_stop(struct gb_holders *h);

#endif
