/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_status.h: status codes and error reporting of libvolsim.
 *
 * Library code never exits: every fallible function returns a vol_status and
 * records a message with VOL_ERROR (file and line of the failure), in the
 * style of GSL's GSL_ERROR. Only main() decides to exit. */
#ifndef VOL_STATUS_H
#define VOL_STATUS_H
#include "vol_api.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    VOL_OK = 0,
    VOL_EINVAL = 1,   /* bad argument or input from the user */
    VOL_ENOMEM = 2,   /* an allocation failed */
    VOL_EIO = 3,      /* a file could not be read or written */
    VOL_ERANGE = 4,   /* a value outside its allowed range */
    VOL_EFAILED = 5   /* any other runtime failure */
} vol_status;

/* Records a message for the calling thread; returns code. */
VOL_API vol_status vol_error_set(vol_status code, const char *file, int line,
                         const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The calling thread's last message ("" when none). Not owned by the caller. */
VOL_API const char *vol_error_message(void);

/* Source file and line ("file.c:42") where that message was recorded, for
 * debugging; "" when none. Not owned by the caller. */
VOL_API const char *vol_error_where(void);

/* Clears the calling thread's message. */
VOL_API void vol_error_clear(void);

/* Short name of a status code ("invalid input", ...). */
VOL_API const char *vol_status_name(vol_status code);

/* Installs a GSL error handler that records GSL errors instead of aborting.
 * Call once from main() before any GSL use. */
VOL_API void vol_error_install_gsl_handler(void);

#define VOL_ERROR(code, ...) \
    return vol_error_set((code), __FILE__, __LINE__, __VA_ARGS__)

#ifdef __cplusplus
}
#endif
#endif
