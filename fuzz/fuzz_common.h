/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_common.h: shared set-up of the libFuzzer harnesses (fuzz/README.md).
 *
 * The loaders take paths and resolve bases relative to the file, so every
 * fuzzing process works in its own temporary directory:
 *
 *     $TMPDIR/volsim-fuzz-XXXXXX/
 *         scenarios/           copies of the files in scenarios/, tests/data/good/
 *                              and tests/data/bad/
 *                              (the bases the seeds name: base = "baseline.cfg", "mid.cfg", ...)
 *         scenarios/input.cfg  a scenario input
 *         scenarios/sweeps/input.cfg  a sweep input (policies = ["../one_off.cfg"] resolve)
 *
 * In the copies "../../../scenarios/" is dropped, so tests/data/good/root.cfg
 * finds baseline.cfg next to it. The directory is removed at exit (not after
 * a crash: .ci/fuzz points TMPDIR at its own scratch directory). */
#ifndef VOLSIM_FUZZ_COMMON_H
#define VOLSIM_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/* Creates the temporary directory and copies the bases in (once per process).
 * Returns the directory holding the bases ("<tmp>/scenarios"). */
const char *fuzz_setup(void);

/* Writes data to path (aborts on an I/O error: that is the harness's fault). */
void fuzz_write(const char *path, const uint8_t *data, size_t size);

#endif
