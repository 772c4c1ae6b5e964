/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tables.h: printing the parameter and metrics tables (volsim params,
 * volsim metrics, docs/parameters.md, docs/metrics.md). */
#ifndef VCLI_TABLES_H
#define VCLI_TABLES_H
#include <stdio.h>

typedef enum { VCLI_FORMAT_TEXT, VCLI_FORMAT_CSV, VCLI_FORMAT_MARKDOWN } vcli_format;

void vcli_print_params(FILE *out, vcli_format fmt);
void vcli_print_metrics(FILE *out, vcli_format fmt);

#endif
