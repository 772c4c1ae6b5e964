# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads a volsim results file with h5py and plots one metric per scenario
with matplotlib: the mean over replicates and its 95% interval by day.

    /usr/bin/python3 examples/python/plot_results.py results/demo.h5 clients_durable_share out.png

Python is a client of volsim's HDF5 files (docs/results-format.md), never
part of the simulator."""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt
import numpy as np


def t975(df):
    """97.5% quantile of Student's t (Cornish-Fisher expansion; within 0.2%
    for df >= 3, which is enough for a figure)."""
    z = 1.959963984540054
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def main(path, metric, out):
    with h5py.File(path, "r") as f:
        print("volsim", f.attrs["volsim_version"], "git", f.attrs["git_commit"])
        fig, ax = plt.subplots(figsize=(8, 4.5))
        for name, sc in f["scenarios"].items():
            d = sc["metrics"][metric]
            data = d[...]  # [replicate, day]
            # days without a value (e.g. yearly dropout in the first year)
            # are stored as the dataset's undefined_value: make them NaN
            data = np.where(data == d.attrs["undefined_value"], np.nan, data)
            n = data.shape[0]
            mean = np.nanmean(data, axis=0)
            half = t975(n - 1) * np.nanstd(data, axis=0, ddof=1) / np.sqrt(n) if n > 1 else 0 * mean
            days = sc["day"][...]
            ax.plot(days, mean, label=name)
            ax.fill_between(days, mean - half, mean + half, alpha=0.25)
            print(f"{name}: {metric} on the last day {mean[-1]:.4g} +- {half[-1]:.2g} {d.attrs['units']}")
        ax.set_xlabel("day")
        ax.set_ylabel(f"{metric} ({d.attrs['units']})")
        ax.set_title(d.attrs["description"], fontsize=9)
        ax.legend()
        fig.tight_layout()
        fig.savefig(out, dpi=100)
    print("wrote", out)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
