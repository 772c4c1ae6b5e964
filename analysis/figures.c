/* SPDX-License-Identifier: GPL-3.0-or-later */
/* figures.c: figures with PLplot's cairo drivers (svgcairo, pngcairo). */
#define _GNU_SOURCE /* O_CLOEXEC */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <plplot.h>
#include "vol_figures.h"
#include "vol_outfile.h"
#include "vol_abc.h"

/* colour-blind-safe palette (Okabe-Ito) */
static const int palette[8][3] = {{0, 114, 178}, {213, 94, 0}, {0, 158, 115}, {204, 121, 167},
                                  {230, 159, 0}, {86, 180, 233}, {240, 228, 66}, {0, 0, 0}};

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Axis labels in plain decimals (no "(x10^-1)" multiplier). */
static void plain_axes(void)
{
    plsxax(9, 0);
    plsyax(9, 0);
}

/* The axis labels and the title, a long title in smaller letters so that
 * it stays on the figure. */
static void axis_labels(const char *x, const char *y, const char *title)
{
    pllab(x, y, "");
    const size_t n = title ? strlen(title) : 0;
    if (n == 0) return;
    const double scale = n > 70 ? 70.0 / (double)n : 1.0;
    plschr(0, 0.9 * (scale < 0.6 ? 0.6 : scale));
    plmtex("t", 2.0, 0.5, 0.5, title);
    plschr(0, 0.9);
}

/* Where PLplot's cairo drivers write: a checked stream (vol_outfile.h;
 * they ignore write errors, and PLplot closes the stream itself in plend,
 * so its fclose result is lost too). */
static struct {
    int fd, err;
    const char *path;
} sink = {-1, 0, NULL};

static vol_status begin(const char *path)
{
    const char *dev = ends_with(path, ".svg") ? "svgcairo" : ends_with(path, ".png") ? "pngcairo" : NULL;
    if (!dev) VOL_ERROR(VOL_EINVAL, "%s: expected a figure file ending in .svg or .png", path);
    errno = 0;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    FILE *f = NULL;
    if (fd >= 0) {
        sink.fd = fd;
        sink.path = path;
        f = vol_checked_stream(fd, &sink.err);
    }
    if (!f) {
        int e = errno;
        if (fd >= 0) close(fd);
        sink.fd = -1;
        VOL_ERROR(VOL_EIO, "cannot write the figure %s: %s", path, strerror(e ? e : ENOMEM));
    }
    plsdev(dev);
    plsfile(f);
    plspage(0, 0, 900, 540, 0, 0);
    plscolbg(255, 255, 255);
    plscol0(1, 40, 40, 40); /* axes and labels */
    for (int i = 0; i < 8; i++) plscol0(2 + i, palette[i][0], palette[i][1], palette[i][2]);
    plinit();
    pladv(0);
    plfontld(1);
    plschr(0, 0.9);
    plain_axes();
    return VOL_OK;
}

/* Ends the figure begun: VOL_EIO naming the file when any write failed
 * (a full disk, the file size limit). */
static vol_status finish(void)
{
    plend();
    int e = sink.err;
    if (!e && fsync(sink.fd) != 0 && errno != EINVAL) e = errno;
    if (close(sink.fd) != 0 && !e) e = errno;
    sink.fd = -1;
    if (e) VOL_ERROR(VOL_EIO, "cannot write the figure %s: %s", sink.path, strerror(e));
    return VOL_OK;
}

/* Ends a figure abandoned on an error (the caller removes the file). */
static void drop(void)
{
    plend();
    if (sink.fd >= 0) close(sink.fd);
    sink.fd = -1;
}

static void range(const double *v, size_t n, double *lo, double *hi)
{
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i])) {
            if (v[i] < *lo) *lo = v[i];
            if (v[i] > *hi) *hi = v[i];
        }
}

static void pad(double *lo, double *hi)
{
    if (!(*hi > *lo)) {
        double c = isfinite(*lo) ? *lo : 0;
        *lo = c - 1;
        *hi = c + 1;
    }
    double d = (*hi - *lo) * 0.06;
    *lo -= d;
    *hi += d;
}

/* The legend of the bars figure: right of the data area, one line each. */
static void legend(const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        plcol0(2 + (int)(i % 8));
        plmtex("rv", 1.0, 1.0 - (0.5 + (double)i) / 12.0, 0.0, names[i]);
    }
    plcol0(1);
}

/* ---- colours and line styles of scenarios, stable across figures ----
 * A scenario's colour follows from its name, not from its place in a
 * figure: the shipped scenarios have their own, other names a hash of the
 * name; a colour already taken in the figure passes to the next free one
 * (and, past eight scenarios, the line style changes), so that the same
 * scenarios get the same colours in every figure and report. */
static const struct {
    const char *name;
    int colour;
} known_colours[] = {{"baseline", 7}, {"one_off", 1}, {"three_month", 0}, {"coordinator", 2},
                     {"municipal_facilitation", 3}, {"client_voice", 5}, {"needs_first", 4}};

static int name_colour(const char *name)
{
    for (size_t i = 0; i < sizeof known_colours / sizeof known_colours[0]; i++)
        if (strcmp(known_colours[i].name, name) == 0) return known_colours[i].colour;
    unsigned h = 2166136261u; /* FNV-1a */
    for (const char *p = name; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
    static const int others[] = {0, 1, 2, 3, 4, 5, 7}; /* not yellow, for lines on white */
    return others[h % 7];
}

/* colour[k] (palette index) and style[k] (PLplot line style 1-8) of n
 * named series */
static void series_styles(const vol_series *s, size_t n, int *colour, int *style)
{
    int used[8][8] = {{0}};
    for (size_t k = 0; k < n; k++) {
        int c = name_colour(s[k].name ? s[k].name : ""), st = 0, tries = 0;
        while (used[st][c] && tries++ < 64) {
            c = (c + 1) % 8;
            if (c == 6) c = 7; /* yellow only for bands */
            if (c == name_colour(s[k].name ? s[k].name : "")) st = (st + 1) % 8;
        }
        used[st][c] = 1;
        colour[k] = c;
        style[k] = st + 1;
    }
}

/* 1 when series b's mean equals series a's within a thousandth of the
 * figure's range on every day (a line that would hide under another) */
static int same_line(const vol_series *a, const vol_series *b, size_t n, double range)
{
    for (size_t i = 0; i < n; i++) {
        if (isnan(a->mean[i]) != isnan(b->mean[i])) return 0;
        if (!isnan(a->mean[i]) && fabs(a->mean[i] - b->mean[i]) > 1e-3 * range) return 0;
    }
    return 1;
}

/* A legend entry right of the data area: a short line in the series'
 * colour and style, then its name (cut at 24 characters). */
static void legend_entry(double xmax, size_t i, size_t n, int colour, int style, const char *name, const char *note)
{
    const double step = n > 12 ? 0.9 / (double)n : 0.075;
    const double y = 0.97 - step * ((double)i + 0.5);
    char label[96];
    size_t len = strlen(name);
    if (len > 24) snprintf(label, sizeof label, "%.22s...%s", name, note);
    else snprintf(label, sizeof label, "%s%s", name, note);
    /* the sample line, in the figure's normalised coordinates (xmax: the
     * data area's right edge) */
    plvpor(0, 1, 0, 1);
    plwind(0, 1, 0, 1);
    double x[2] = {xmax + 0.015, xmax + 0.05}, yy[2] = {y, y};
    plcol0(2 + colour);
    pllsty(style);
    plwidth(2.5);
    plline(2, x, yy);
    plwidth(1);
    pllsty(1);
    plcol0(1);
    plptex(xmax + 0.058, y, 1, 0, 0, label);
}

/* Tick labels with a decimal comma: shortest form of the value ("0,25",
 * "-0,1", "200"), no "-0". */
static void comma_label(PLINT axis, PLFLT value, char *label, PLINT length, PLPointer data)
{
    (void)axis;
    (void)data;
    if (fabs(value) < 1e-12) value = 0;
    snprintf(label, (size_t)length, "%.6g", value);
    for (char *p = label; *p; p++)
        if (*p == '.') *p = ',';
}

vol_status vol_figure_timeseries(const char *path, const char *title, const char *ylabel, const vol_series *s,
                                  size_t nseries, size_t n)
{
    return vol_figure_timeseries_styled(path, title, ylabel, s, nseries, n, NULL);
}

vol_status vol_figure_timeseries_styled(const char *path, const char *title, const char *ylabel, const vol_series *s,
                                        size_t nseries, size_t n, const vol_figure_style *how)
{
    const double reference = how ? how->reference : NAN;
    const char *xlabel = how && how->xlabel ? how->xlabel : "day";
    const int comma = how && how->decimal_comma;
    if (n < 2 || nseries == 0) VOL_ERROR(VOL_EINVAL, "nothing to plot");
    vol_status st = begin(path);
    if (st != VOL_OK) return st;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < nseries; k++) {
        if (nseries <= 3) { /* the bands are drawn */
            range(s[k].lo, n, &lo, &hi);
            range(s[k].hi, n, &lo, &hi);
        }
        range(s[k].mean, n, &lo, &hi);
    }
    if (!isnan(reference)) range(&reference, 1, &lo, &hi);
    pad(&lo, &hi);
    double *x = malloc(2 * n * sizeof *x), *y = malloc(2 * n * sizeof *y);
    int *colour = calloc(nseries, sizeof *colour), *style = calloc(nseries, sizeof *style);
    if (!x || !y || !colour || !style) {
        free(x);
        free(y);
        free(colour);
        free(style);
        drop();
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    series_styles(s, nseries, colour, style);
    /* one series needs no legend (the caption names it): the data area is wider */
    const double right = nseries == 1 ? 0.95 : 0.72;
    plvpor(0.1, right, 0.12, 0.9);
    plwind(1, (double)n, lo, hi);
    plcol0(1);
    if (comma) plslabelfunc(comma_label, NULL);
    plbox(comma ? "bcnsto" : "bcnst", 0, 0, comma ? "bcnstvo" : "bcnstv", 0, 0);
    if (comma) plslabelfunc(NULL, NULL);
    axis_labels(xlabel, ylabel, title);
    if (!isnan(reference)) {
        double rx[2] = {1, (double)n}, ry[2] = {reference, reference};
        pllsty(2);
        plline(2, rx, ry);
        pllsty(1);
    }
    /* bands only for a few series: more would hide each other (the paired
     * difference figure carries the uncertainty of a comparison) */
    for (size_t k = 0; nseries <= 3 && k < nseries; k++) {
        const int c = 2 + colour[k], p = colour[k];
        /* the band: upper edge forward, lower edge back */
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(s[k].hi[i])) { x[m] = (double)(i + 1); y[m++] = s[k].hi[i]; }
        for (size_t i = n; i-- > 0;)
            if (!isnan(s[k].lo[i])) { x[m] = (double)(i + 1); y[m++] = s[k].lo[i]; }
        if (m > 2) {
            plscol0a(c, palette[p][0], palette[p][1], palette[p][2], 0.2);
            plcol0(c);
            plfill((PLINT)m, x, y);
            plscol0a(c, palette[p][0], palette[p][1], palette[p][2], 1.0);
        }
    }
    for (size_t k = 0; k < nseries; k++) {
        /* a line equal to an earlier one is drawn dashed over it, so both show */
        int hidden = 0;
        for (size_t j = 0; j < k && !hidden; j++) hidden = same_line(&s[j], &s[k], n, hi - lo);
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(s[k].mean[i])) { x[m] = (double)(i + 1); y[m++] = s[k].mean[i]; }
        plcol0(2 + colour[k]);
        pllsty(hidden ? 3 : style[k]);
        plwidth(2);
        if (m > 1) plline((PLINT)m, x, y);
        plwidth(1);
        pllsty(1);
        if (hidden) style[k] = 3;
    }
    for (size_t k = 0; nseries > 1 && k < nseries; k++) {
        int hidden = 0;
        for (size_t j = 0; j < k && !hidden; j++) hidden = same_line(&s[j], &s[k], n, hi - lo);
        legend_entry(right, k, nseries, colour[k], style[k], s[k].name ? s[k].name : "", hidden ? " (=)" : "");
    }
    vol_status done = finish();
    free(x);
    free(y);
    free(colour);
    free(style);
    return done;
}

vol_status vol_figure_intervals(const char *path, const char *title, const char *ylabel, const char *const *labels,
                                 const double *mean, const double *lo, const double *hi, size_t n)
{
    if (n == 0) VOL_ERROR(VOL_EINVAL, "nothing to plot");
    vol_status st = begin(path);
    if (st != VOL_OK) return st;
    double a = INFINITY, b = -INFINITY;
    range(lo, n, &a, &b);
    range(hi, n, &a, &b);
    range(mean, n, &a, &b);
    pad(&a, &b);
    /* many labels stand upright under their interval, so that they do not
     * run into each other */
    size_t longest = 0;
    for (size_t i = 0; i < n; i++)
        if (strlen(labels[i]) > longest) longest = strlen(labels[i]);
    const int upright = n > 4 && (double)longest * (double)n > 60;
    plvpor(0.12, 0.95, upright ? 0.42 : 0.22, 0.9);
    plwind(0.5, (double)n + 0.5, a, b);
    plcol0(1);
    plbox("bc", 0, 0, "bcnstv", 0, 0);
    axis_labels("", ylabel, title);
    vol_series *named = calloc(n, sizeof *named);
    int *colour = calloc(n, sizeof *colour), *style = calloc(n, sizeof *style);
    if (!named || !colour || !style) {
        free(named);
        free(colour);
        free(style);
        drop();
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) named[i].name = labels[i];
    series_styles(named, n, colour, style);
    for (size_t i = 0; i < n; i++) {
        double x = (double)(i + 1);
        plcol0(2 + colour[i]);
        if (!isnan(lo[i]) && !isnan(hi[i])) {
            PLFLT xs[2] = {x, x}, ys[2] = {lo[i], hi[i]};
            plwidth(3);
            plline(2, xs, ys);
            plwidth(1);
        }
        PLFLT px = x, py = mean[i];
        plpoin(1, &px, &py, 17);
        plcol0(1);
        char label[40];
        snprintf(label, sizeof label, strlen(labels[i]) > 24 ? "%.22s..." : "%s", labels[i]);
        if (upright) plmtex("bv", 0.8, (x - 0.5) / (double)n, 1.0, label);
        else plmtex("b", 1.5, (x - 0.5) / (double)n, 0.5, label);
    }
    vol_status done = finish();
    free(named);
    free(colour);
    free(style);
    return done;
}

vol_status vol_figure_bars2(const char *path, const char *title, const char *ylabel, const char *const *labels,
                             const char *name_a, const double *av, const double *a_lo, const double *a_hi,
                             const char *name_b, const double *bv, const double *b_lo, const double *b_hi, size_t n)
{
    if (n == 0) VOL_ERROR(VOL_EINVAL, "nothing to plot");
    vol_status st = begin(path);
    if (st != VOL_OK) return st;
    double a = 0, b = 1;
    range(a_lo, n, &a, &b);
    range(b_hi, n, &a, &b);
    range(a_hi, n, &a, &b);
    pad(&a, &b);
    plvpor(0.1, 0.78, 0.3, 0.9);
    plwind(0.5, (double)n + 0.5, a, b);
    plcol0(1);
    plbox("bc", 0, 0, "bcnstv", 0, 0);
    axis_labels("", ylabel, title);
    for (size_t i = 0; i < n; i++) {
        for (int which = 0; which < 2; which++) {
            const double *v = which ? bv : av, *l = which ? b_lo : a_lo, *h = which ? b_hi : a_hi;
            double x0 = (double)(i + 1) - 0.35 + 0.35 * which, x1 = x0 + 0.3;
            PLFLT xs[4] = {x0, x1, x1, x0}, ys[4] = {0, 0, v[i], v[i]};
            plcol0(2 + which);
            if (!isnan(v[i])) plfill(4, xs, ys);
            if (!isnan(l[i]) && !isnan(h[i])) {
                PLFLT ex[2] = {(x0 + x1) / 2, (x0 + x1) / 2}, ey[2] = {l[i], h[i]};
                plcol0(1);
                plline(2, ex, ey);
            }
        }
        plcol0(1);
        plschr(0, 0.7);
        plmtex("bv", 0.5, ((double)i + 0.5) / (double)n, 1.0, labels[i]);
        plschr(0, 0.9);
    }
    const char *names[2] = {name_a, name_b};
    legend(names, 2);
    return finish();
}

/* Starts a scatter figure: the axes padded around x and y (n points), the
 * plot area reaching right to xright; lim gets {x0, x1, y0, y1}. */
static vol_status scatter_axes(const char *path, const char *title, const char *xlabel, const char *ylabel,
                               const double *x, const double *y, size_t n, double xright, double lim[4])
{
    if (n == 0) VOL_ERROR(VOL_EINVAL, "nothing to plot");
    vol_status st = begin(path);
    if (st != VOL_OK) return st;
    lim[0] = lim[2] = INFINITY;
    lim[1] = lim[3] = -INFINITY;
    range(x, n, &lim[0], &lim[1]);
    range(y, n, &lim[2], &lim[3]);
    pad(&lim[0], &lim[1]);
    pad(&lim[2], &lim[3]);
    plvpor(0.12, xright, 0.12, 0.9);
    plwind(lim[0], lim[1], lim[2], lim[3]);
    plcol0(1);
    plbox("bcnst", 0, 0, "bcnstv", 0, 0);
    axis_labels(xlabel, ylabel, title);
    return VOL_OK;
}

vol_status vol_figure_scatter(const char *path, const char *title, const char *xlabel, const char *ylabel,
                               const double *x, const double *y, size_t n)
{
    double lim[4] = {0, 0, 0, 0};
    vol_status st = scatter_axes(path, title, xlabel, ylabel, x, y, n, 0.95, lim);
    if (st != VOL_OK) return st;
    plcol0(2);
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]) || isnan(y[i])) continue;
        PLFLT px = x[i], py = y[i];
        plpoin(1, &px, &py, 17);
    }
    return finish();
}

vol_status vol_figure_trajectory(const char *path, const char *title, const double *coverage, const double *density,
                                 const size_t *res_dim, size_t n, double chosen_coverage, double chosen_density)
{
    if (n == 0) VOL_ERROR(VOL_EINVAL, "nothing to plot");
    vol_status st = begin(path);
    if (st != VOL_OK) return st;
    plvpor(0.1, 0.78, 0.12, 0.9);
    plwind(0, 1.02, 0, 1.02);
    plcol0(1);
    plbox("bcnstg", 0, 0, "bcnstvg", 0, 0);
    axis_labels("coverage (share of the cases inside the box)", "density (share of the box that are cases)", title);
    size_t most = 0;
    for (size_t i = 0; i < n; i++) most = res_dim[i] > most ? res_dim[i] : most;
    for (size_t i = 0; i < n; i++) {
        PLFLT px = coverage[i], py = density[i];
        plcol0(2 + (int)((res_dim[i] > 6 ? 6 : res_dim[i]) % 8));
        plpoin(1, &px, &py, 17);
    }
    char name[64];
    for (size_t r = 0; r <= most && r <= 6; r++) {
        plcol0(2 + (int)r);
        snprintf(name, sizeof name, "%s%zu restricted", r == 6 && most > 6 ? ">= " : "", r);
        plmtex("rv", 1.0, 0.95 - 0.06 * (double)r, 0.0, name);
    }
    if (isfinite(chosen_coverage) && isfinite(chosen_density)) {
        PLFLT px = chosen_coverage, py = chosen_density;
        plcol0(9); /* black */
        plssym(0, 2.2);
        plpoin(1, &px, &py, 4); /* a large circle */
        plssym(0, 1.0);
        plmtex("rv", 1.0, 0.95 - 0.06 * 8, 0.0, "O  the box reported");
    }
    return finish();
}

vol_status vol_figure_box2d(const char *path, const char *title, const char *xlabel, const char *ylabel,
                            const double *x, const double *y, const unsigned char *label, size_t n,
                            const double box[4])
{
    double lim[4] = {0, 0, 0, 0};
    vol_status st = scatter_axes(path, title, xlabel, ylabel, x, y, n, 0.78, lim);
    if (st != VOL_OK) return st;
    const double x0 = lim[0], x1 = lim[1], y0 = lim[2], y1 = lim[3];
    for (int pass = 0; pass < 2; pass++) /* the cases on top */
        for (size_t i = 0; i < n; i++) {
            if (isnan(x[i]) || isnan(y[i]) || (label[i] != 0) != pass) continue;
            PLFLT px = x[i], py = y[i];
            plcol0(pass ? 3 : 7);
            plpoin(1, &px, &py, pass ? 17 : 22);
        }
    PLFLT bx[5] = {fmax(box[0], x0), fmin(box[1], x1), fmin(box[1], x1), fmax(box[0], x0), fmax(box[0], x0)};
    PLFLT by[5] = {fmax(box[2], y0), fmax(box[2], y0), fmin(box[3], y1), fmin(box[3], y1), fmax(box[2], y0)};
    plcol0(9);
    plwidth(2.0);
    plline(5, bx, by);
    plwidth(1.0);
    plcol0(3);
    plmtex("rv", 1.0, 0.95, 0.0, "case");
    plcol0(7);
    plmtex("rv", 1.0, 0.89, 0.0, "other");
    plcol0(9);
    plmtex("rv", 1.0, 0.83, 0.0, "the box");
    return finish();
}

/* ---- calibration figures ------------------------------------------------------ */
/* Panel i of a rows x cols grid below a title band, in normalised
 * subpage coordinates. */
static void panel(size_t i, size_t rows, size_t cols, double x0, double y0)
{
    double w = (0.98 - x0) / (double)cols, h = (0.90 - y0) / (double)rows;
    size_t r = i / cols, c = i % cols;
    double left = x0 + (double)c * w, top = 0.90 - (double)r * h;
    plvpor(left + 0.05 * w + 0.03, left + 0.95 * w, top - 0.78 * h, top - 0.1 * h);
}

static const char *short_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && dot[1] ? dot + 1 : name;
}

vol_status vol_figure_marginals(const char *path, const char *title, size_t k, const char *const *names,
                                const double *lo, const double *hi, const double *theta, const double *weight,
                                size_t n)
{
    if (k == 0 || n == 0) VOL_ERROR(VOL_EINVAL, "nothing to plot");
    vol_status st = begin(path);
    if (st != VOL_OK) return st;
    size_t cols = (size_t)ceil(sqrt((double)k)), rows = (k + cols - 1) / cols;
    enum { BINS = 20 };
    plschr(0, k > 4 ? 0.6 : 0.8);
    plcol0(1);
    plvpor(0, 1, 0, 1);
    plwind(0, 1, 0, 1);
    plmtex("t", -1.5, 0.5, 0.5, title);
    for (size_t f = 0; f < k; f++) {
        double dens[BINS] = {0}, wsum = 0, top = 1.0 / (hi[f] - lo[f]), bw = (hi[f] - lo[f]) / BINS;
        for (size_t i = 0; i < n; i++) {
            double x = theta[i * k + f];
            int b = (int)floor((x - lo[f]) / bw);
            if (b < 0) b = 0;
            if (b >= BINS) b = BINS - 1;
            dens[b] += weight[i];
            wsum += weight[i];
        }
        for (int b = 0; b < BINS; b++) {
            dens[b] = wsum > 0 ? dens[b] / wsum / bw : 0;
            if (dens[b] > top) top = dens[b];
        }
        panel(f, rows, cols, 0.02, 0.04);
        plwind(lo[f], hi[f], 0, top * 1.1);
        plcol0(1);
        plbox("bcnst", 0, 0, "bcnstv", 0, 0);
        plmtex("t", 0.5, 0.5, 0.5, short_name(names[f]));
        plcol0(2); /* the posterior: filled bars */
        for (int b = 0; b < BINS; b++) {
            PLFLT xs[4] = {lo[f] + b * bw, lo[f] + b * bw, lo[f] + (b + 1) * bw, lo[f] + (b + 1) * bw};
            PLFLT ys[4] = {0, dens[b], dens[b], 0};
            plfill(4, xs, ys);
        }
        plcol0(3); /* the prior: its uniform density */
        pllsty(2);
        PLFLT px[2] = {lo[f], hi[f]}, py[2] = {1.0 / (hi[f] - lo[f]), 1.0 / (hi[f] - lo[f])};
        plline(2, px, py);
        pllsty(1);
    }
    plvpor(0, 1, 0, 1);
    plwind(0, 1, 0, 1);
    plcol0(2);
    plmtex("b", -0.8, 0.02, 0.0, "bars: posterior density");
    plcol0(3);
    plmtex("b", -0.8, 0.35, 0.0, "dashed: uniform prior");
    return finish();
}

vol_status vol_figure_pairs(const char *path, const char *title, size_t k, const char *const *names,
                            const double *lo, const double *hi, const double *theta, size_t n)
{
    if (k < 2 || n == 0) VOL_ERROR(VOL_EINVAL, "a pairs plot needs two parameters and particles");
    vol_status st = begin(path);
    if (st != VOL_OK) return st;
    plschr(0, k > 5 ? 0.45 : 0.7);
    plssym(0, k > 5 ? 0.35 : 0.6);
    plcol0(1);
    plvpor(0, 1, 0, 1);
    plwind(0, 1, 0, 1);
    plmtex("t", -1.5, 0.5, 0.5, title);
    size_t m = k - 1; /* rows: parameters 1..k-1; columns 0..k-2 */
    for (size_t r = 1; r < k; r++)
        for (size_t c = 0; c < r; c++) {
            panel((r - 1) * m + c, m, m, 0.04, 0.04);
            plwind(lo[c], hi[c], lo[r], hi[r]);
            plcol0(1);
            plbox(r == k - 1 ? "bcnt" : "bct", 0, 0, c == 0 ? "bcntv" : "bctv", 0, 0);
            if (c == 0) plmtex("l", 6.0, 0.5, 0.5, short_name(names[r]));
            if (r == k - 1) plmtex("b", 3.0, 0.5, 0.5, short_name(names[c]));
            plcol0(2);
            for (size_t i = 0; i < n; i++) {
                PLFLT px = theta[i * k + c], py = theta[i * k + r];
                plpoin(1, &px, &py, 17);
            }
        }
    return finish();
}

vol_status vol_figure_predictive(const char *path, const char *title, size_t T, const char *const *names,
                                 const double *value, const double *scale, const double *stats,
                                 const double *weight, size_t n)
{
    if (T == 0 || n == 0) VOL_ERROR(VOL_EINVAL, "nothing to plot");
    vol_status st = begin(path);
    if (st != VOL_OK) return st;
    /* each target's simulated statistic over the posterior, standardised:
     * (simulated - published) / scale; the published value is 0, its
     * uncertainty the band -2 .. 2 */
    double *z = malloc(n * sizeof *z), lo = -3, hi = 3;
    double (*q)[3] = malloc(T * sizeof *q);
    if (!z || !q) {
        free(z);
        free(q);
        drop();
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    for (size_t t = 0; t < T; t++) {
        for (size_t i = 0; i < n; i++) z[i] = (stats[i * T + t] - value[t]) / scale[t];
        q[t][0] = vol_abc_wquantile(z, weight, n, 1, 0.025);
        q[t][1] = vol_abc_wquantile(z, weight, n, 1, 0.5);
        q[t][2] = vol_abc_wquantile(z, weight, n, 1, 0.975);
        if (q[t][0] < lo) lo = q[t][0];
        if (q[t][2] > hi) hi = q[t][2];
    }
    free(z);
    plvpor(0.40, 0.95, 0.18, 0.88);
    plwind(lo - 0.3, hi + 0.3, 0, (double)T + 1);
    plscol0(15, 215, 215, 215);
    plcol0(15); /* the targets' uncertainty: +-2 scales */
    PLFLT bx[4] = {-2, -2, 2, 2}, by[4] = {0, (double)T + 1, (double)T + 1, 0};
    plfill(4, bx, by);
    plcol0(1);
    plbox("bcnstg", 0, 0, "bc", 0, 0);
    axis_labels("(simulated - published) / target scale (sd and discrepancy)", "", title);
    plschr(0, 0.75);
    for (size_t t = 0; t < T; t++) {
        double y = (double)(T - t);
        plcol0(1);
        plmtex("lv", 1.0, y / ((double)T + 1), 1.0, names[t]);
        plcol0(2);
        plwidth(3);
        PLFLT lx[2] = {q[t][0], q[t][2]}, ly[2] = {y, y};
        plline(2, lx, ly);
        plwidth(1);
        PLFLT mx = q[t][1], my = y;
        plpoin(1, &mx, &my, 17);
    }
    free(q);
    plschr(0, 0.8);
    plcol0(1);
    plmtex("b", 5.0, 0.5, 0.5, "line: 95% posterior predictive range, dot: median; grey: published +- 2 scales");
    return finish();
}
