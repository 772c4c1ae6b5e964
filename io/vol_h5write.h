/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_h5write.h: a small writer of volsim's HDF5 files other than run
 * results and sweeps (e.g. scenario discovery): groups, attributes and
 * datasets by path, written to a temporary file beside the final one and
 * moved into place only when complete, never over an existing file without
 * force. The root carries the provenance every volsim file has (format,
 * schema_version, volsim_version, git_commit, created, command_line). */
#ifndef VOL_H5WRITE_H
#define VOL_H5WRITE_H
#include <stddef.h>
#include <stdint.h>
#include "volsim.h"
#include "vol_results.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct vol_h5out vol_h5out;

/* Starts final_path (format: the root's "format" attribute, e.g.
 * "volsim-discovery"; schema: its schema_version). VOL_EINVAL naming the
 * file when it exists and force is 0, or its directory does not exist;
 * VOL_EIO with the system's reason when the temporary file cannot be made. */
VOL_API vol_status vol_h5out_create(const char *final_path, int force, const char *format, int schema,
                                    const vol_provenance *prov, vol_h5out **out);

/* Attributes of the object at path (a group, created with its parents
 * when missing; "/" is the root). */
VOL_API vol_status vol_h5out_attr_text(vol_h5out *w, const char *path, const char *name, const char *value);
VOL_API vol_status vol_h5out_attr_long(vol_h5out *w, const char *path, const char *name, long long value);
VOL_API vol_status vol_h5out_attr_double(vol_h5out *w, const char *path, const char *name, double value);

/* Datasets at path (parents created): rows x cols doubles (cols 0: one
 * dimension of rows), 64-bit integers, 8-bit integers, strings. As in
 * results files, no NaN or infinity is stored: such values are written as
 * -1.0, and the dataset then has the attribute undefined_value = -1.0. */
VOL_API vol_status vol_h5out_doubles(vol_h5out *w, const char *path, size_t rows, size_t cols, const double *v);
VOL_API vol_status vol_h5out_longs(vol_h5out *w, const char *path, size_t n, const int64_t *v);
VOL_API vol_status vol_h5out_bytes(vol_h5out *w, const char *path, size_t n, const int8_t *v);
VOL_API vol_status vol_h5out_texts(vol_h5out *w, const char *path, size_t n, const char *const *v);

/* Closes, syncs and moves the file into place (frees w either way); on
 * failure nothing is left behind and an existing file is untouched. */
VOL_API vol_status vol_h5out_commit(vol_h5out *w);
/* Drops the temporary file and frees w; NULL is a no-op. */
VOL_API void vol_h5out_abort(vol_h5out *w);

/* Moves tmp_path to final_path: over an existing file only when force
 * (else VOL_EINVAL saying so), then syncs the directory; tmp_path is
 * removed on failure. Shared by the writers of the io layer. */
VOL_API vol_status vol_h5_move_into_place(const char *tmp_path, const char *final_path, int force);

#ifdef __cplusplus
}
#endif
#endif
