/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the machine offers the study, read from the probe's envelope in
 * one place: whether the study can run here (probe --study-ready, the
 * main job's choice between this host and a VM) and the doctor's lines
 * on it (probe --doctor, which vm/doctor.sh prints beside KVM and the VM).
 */
#ifndef GB_DOCTOR_H
#define GB_DOCTOR_H

#include <stddef.h>
#include <stdio.h>

#include "../output/envelope.h"

/* NULL when the study can run on this machine, else what it lacks. */
const char *gb_study_lacks(const struct gb_envelope *e, char *buf, size_t len);
/* The header line, then one line per piece, each with its command. */
void gb_doctor_print(FILE *f, const struct gb_envelope *e);

#endif
