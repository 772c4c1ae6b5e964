/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_api.h: VOL_API marks what volsim's libraries export. They are built
 * with hidden visibility, so a function without it stays inside its
 * library; tests/check_symbols.sh compares each library's exports with the
 * declarations of its installed headers. */
#ifndef VOL_API_H
#define VOL_API_H
#if defined(__GNUC__) || defined(__clang__)
#define VOL_API __attribute__((visibility("default")))
#else
#define VOL_API
#endif
#endif
