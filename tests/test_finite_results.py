# SPDX-License-Identifier: GPL-3.0-or-later
"""No NaN or infinity ever reaches a results file (issue 7, point 5).

Usage: test_finite_results.py VOLSIM_EXE SOURCE_DIR

Runs every shipped scenario (short, two replicates, with agent tables and
event logs) and a small sweep, then scans every dataset and every numeric
attribute of the files, compound fields included: all values are finite.
Values a metric or field does not have (a share of nobody, a vulnerable
volunteer's wellbeing for a regular one) are written as the dataset's
'undefined_value' attribute, which the test checks is a finite value
outside the valid range, and the reading commands turn back into "no
value"."""
import glob
import os
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

EXE, SRC = sys.argv[1], sys.argv[2]
SMALL = ["--set", "clients.count=150", "--set", "npo.count=5", "--set", "volunteers.initial=60",
         "--set", "companies.pool_size=40"]


def numeric_fields(arr, prefix=""):
    """(field name, values) of every floating-point field, compound fields
    included."""
    if arr.dtype.names:
        for name in arr.dtype.names:
            yield from numeric_fields(arr[name], prefix + name + ".")
    elif arr.dtype.kind in "fc":
        yield prefix.rstrip("."), arr


class FiniteResults(unittest.TestCase):
    def scan(self, path):
        problems = []

        def visit(name, obj):
            for key, val in obj.attrs.items():
                a = np.asarray(val)
                if a.dtype.kind in "fc" and not np.all(np.isfinite(a)):
                    problems.append("%s attribute %s" % (name, key))
            if isinstance(obj, h5py.Dataset) and obj.dtype.kind != "O" and obj.dtype.kind != "S":
                data = obj[()]
                for field, values in numeric_fields(np.asarray(data)):
                    bad = ~np.isfinite(values)
                    if np.any(bad):
                        problems.append("%s%s: %d non-finite values" % (name, "." + field if field else "",
                                                                       int(bad.sum())))
        with h5py.File(path, "r") as f:
            f.visititems(visit)
        return problems

    def test_every_shipped_scenario(self):
        with tempfile.TemporaryDirectory() as d:
            for cfg in sorted(glob.glob(os.path.join(SRC, "scenarios", "*.cfg"))):
                out = os.path.join(d, os.path.basename(cfg) + ".h5")
                r = subprocess.run([EXE, "run", cfg, "-r", "2", "-d", "400", "-q", "--agents", "--events", "-o", out,
                                    *SMALL], capture_output=True, text=True)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(self.scan(out), [], cfg)

    def test_a_sweep(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "sweep.h5")
            r = subprocess.run([EXE, "sweep", os.path.join(SRC, "tests", "data", "sweeps", "small.cfg"), "-t", "1",
                                "-q", "-o", out], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(self.scan(out), [])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
