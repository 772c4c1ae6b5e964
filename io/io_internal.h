/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io_internal.h: what the io layer's files share and do not install: the
 * libconfig reader and the description of a setting in diagnostics
 * (scenario.c), used by the sweep loader (sweep_file.c) and the target
 * file loader (calib_file.c). */
#ifndef VOL_IO_INTERNAL_H
#define VOL_IO_INTERNAL_H
#include <stddef.h>
#include <libconfig.h>

/* Reads path into cfg with the scenario files' checks (size, UTF-8, no NUL
 * bytes): 1 when read; 0 with *msg (malloc'd) "FILE[:LINE]: ..." on bad
 * content; -1 with errno set when the file cannot be read. */
int vol_config_read(config_t *cfg, const char *path, char **msg);
/* "a string \"x\"", "an integer 3", ...: what a setting holds, for
 * "expected ..., found ..." messages. */
void vol_config_describe(const config_setting_t *s, char *buf, size_t n);
/* A file's whole text, malloc'd (NULL when it cannot be read); rel joined
 * to file's directory (rel itself when absolute or file has none), malloc'd.
 * In sweep_file.c, used by the target file loader too. */
char *vol_io_read_text(const char *path);
char *vol_io_join_dir(const char *file, const char *rel);

#endif
