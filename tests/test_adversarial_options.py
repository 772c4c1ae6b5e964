# SPDX-License-Identifier: GPL-3.0-or-later
"""Adversarial command-line options and settings are refused clearly.

Usage: test_adversarial_options.py VOLSIM_EXE SOURCE_DIR

One test per case: an option value with trailing text, an unknown name,
an integer beyond its range (or beyond 64 bits), a real number for an
integer, a --with override, an @include in an override, many --set
overrides of a sweep, --replicates auto against the memory limit, an
unknown policy, scenarios of different replicate counts compared, repeated
options (leaks under AddressSanitizer), scenario names that cannot name an
HDF5 group, and messages that told what was not so. Each bad input must
exit with status 2, name the option or setting and what was expected, and
leave no output file behind."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py

EXE, SRC = sys.argv[1], sys.argv[2]
BASE = os.path.abspath(os.path.join(SRC, "scenarios", "baseline.cfg"))
SMALL = ["--set", "clients.count=120", "--set", "npo.count=4", "--set", "volunteers.initial=50",
         "--set", "companies.pool_size=40"]
TINY = SMALL + ["-r", "2", "-d", "40", "-q"]

# Under AddressSanitizer (CI's second pass) leaks inside HDF5's error paths
# and the figure libraries are not volsim's: suppressed by library name.
ENV = dict(os.environ)
ENV.setdefault("LSAN_OPTIONS", "suppressions=" + os.path.join(SRC, "tests", "lsan.supp"))


def run(*args, env=None, cwd=None):
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd, timeout=300, env=env or ENV)


class AdversarialOptions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="volsim-advopts-")
        cls.runfile = os.path.join(cls.dir, "run.h5")
        r = run("run", BASE, *TINY, "-o", cls.runfile)
        assert r.returncode == 0, r.stderr
        cls.sweep = os.path.join(cls.dir, "sweep.h5")
        r = run("sweep", os.path.join(SRC, "tests", "data", "sweeps", "small.cfg"), "-t", "1", "-q", "-o", cls.sweep)
        assert r.returncode == 0, r.stderr
        cls.saltelli = os.path.join(cls.dir, "saltelli.h5")
        r = run("sweep", os.path.join(SRC, "tests", "data", "sweeps", "saltelli_policies.cfg"), "-t", "1", "-q", "-o",
                cls.saltelli)
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def out(self, name):
        path = os.path.join(self.dir, name)
        if os.path.exists(path):
            os.remove(path)
        return path

    def refused(self, r, *words, outputs=()):
        """Exit status 2, every word (a regular expression) in the message,
        no sanitizer report, and none of outputs written."""
        self.assertEqual(r.returncode, 2, "exit %d\nstdout:\n%s\nstderr:\n%s" % (r.returncode, r.stdout, r.stderr))
        for w in words:
            self.assertRegex(r.stderr, w)
        self.assertNotIn("Sanitizer", r.stderr)
        for o in outputs:
            self.assertFalse(os.path.exists(o), "%s was written" % o)

    # 1 ------------------------------------------------------------------------
    def test_01_day_with_trailing_text(self):
        self.refused(run("summary", self.runfile, "--day", "5abc"), r"--day: expected a day in \[1, 36500\]",
                     r"found '5abc'")

    def test_01_mean_over_with_trailing_text(self):
        for bad in ("1:5x", "1x:5", "1:", ":5", "5:1", " 1:5", "1:99999999999999999999"):
            with self.subTest(value=bad):
                self.refused(run("summary", self.runfile, "--mean-over", bad), r"--mean-over: expected A:B",
                             re.escape("found '%s'" % bad))
        self.assertEqual(run("summary", self.runfile, "--mean-over", "1:5").returncode, 0)

    def test_01_sweep_day_with_trailing_text(self):
        svg = self.out("day.svg")
        self.refused(run("plot", self.sweep, "--metric", "client_wellbeing", "--kind", "response", "--parameter",
                         "bond.gain_per_visit", "--policy", "one_off", "--day", "200x", "-o", svg),
                     r"--day: .*no follow-up day '200x'", outputs=[svg])

    def test_01_number_options_with_leading_space(self):
        out = self.out("space.h5")
        self.refused(run("run", BASE, *SMALL, "-q", "-d", " 40", "-o", out), r"--days: expected an integer",
                     r"found ' 40'", outputs=[out])

    # 2 ------------------------------------------------------------------------
    def test_02_patterns_only_unknown(self):
        r = run("patterns", "--only", "NOSUCH", "-r", "2")
        self.refused(r, r"--only: expected a pattern id", r"P1, ", r"found 'NOSUCH'")
        self.assertEqual(r.stdout, "")

    # 3 ------------------------------------------------------------------------
    def test_03_integer_just_beyond_range(self):
        self.refused(run("check", BASE, "--set", "run.seed=4611686018427387905"),
                     re.escape("run.seed: expected an integer in [0, 4611686018427387904]"),
                     r"found 4611686018427387905")
        self.assertEqual(run("check", BASE, "--set", "run.seed=4611686018427387904").returncode, 0)

    def test_03_integer_beyond_64_bits(self):
        r = run("check", BASE, "--set", "run.seed=99999999999999999999999")
        self.refused(r, re.escape("run.seed: expected an integer in [0, 4611686018427387904]"),
                     r"found 99999999999999999999999 \(beyond the 64-bit range\)")
        self.assertNotIn("e+18", r.stderr)
        self.assertNotIn("9223372036854775807", r.stderr)

    def test_03_integers_beyond_range_in_a_file(self):
        for literal, found in (("4611686018427387905L", r"found 4611686018427387905$"),
                               ("99999999999999999999999L", r"found 99999999999999999999999 \(beyond the 64-bit range\)"),
                               ("99999999999999999999999", r"found 99999999999999999999999 \(beyond the 64-bit range\)")):
            with self.subTest(literal=literal):
                cfg = os.path.join(self.dir, "big_seed.cfg")
                with open(cfg, "w") as f:
                    f.write('base = "%s";\nname = "big_seed";\nrun = { seed = %s; };\n' % (BASE, literal))
                r = run("check", cfg)
                self.refused(r, re.escape("big_seed.cfg:3: run.seed: expected an integer in [0, 4611686018427387904]"))
                self.assertRegex(r.stderr.splitlines()[0], found)

    # 4 ------------------------------------------------------------------------
    def test_04_real_for_integer_on_command_line(self):
        self.refused(run("check", BASE, "--set", "clients.count=1.0"),
                     re.escape("clients.count: expected an integer, found 1.0 (a real number)"))

    def test_04_real_for_integer_in_file(self):
        cfg = os.path.join(self.dir, "real_count.cfg")
        with open(cfg, "w") as f:
            f.write('base = "%s";\nname = "real_count";\nclients = { count = 2.0; };\n' % BASE)
        self.refused(run("check", cfg), re.escape("real_count.cfg:3: clients.count: expected an integer, found 2.0 (a real number)"))

    # 5 ------------------------------------------------------------------------
    def test_05_with_is_labelled_with(self):
        out = self.out("with.h5")
        r = run("run", BASE, "--with", "clients.count=1.5", *TINY, "-o", out)
        self.refused(r, re.escape("--with #1 (clients.count=1.5): clients.count: expected an integer"),
                     outputs=[out])
        self.assertNotIn("--set #", r.stderr)

    # 6 ------------------------------------------------------------------------
    def test_06_set_with_include(self):
        for v in ('clients.count=1;@include "/etc"', 'clients.count=1\n@include "/etc"', 'clients.count=@include "x"'):
            with self.subTest(value=v):
                r = run("check", BASE, "--set", v)
                self.refused(r, r"clients.count: expected a value \(an @include reads files, not allowed here\)")
                self.assertNotIn("flex", r.stderr)
        # an @ inside a string is text, not a directive
        self.refused(run("check", BASE, "--set", 'companies.format="@include"'), r"companies.format: expected one of")

    def test_06_sweep_file_set_with_include(self):
        cfg = os.path.join(self.dir, "include_sweep.cfg")
        with open(cfg, "w") as f:
            f.write('base = "%s";\nset = ["clients.count=1;@include \\"/etc\\""];\ndesign = "lhs";\nsamples = 4;\n'
                    'replicates = 2;\nparameters = ({ name = "bond.gain_per_visit"; min = 0.15; max = 0.35; });\n'
                    % BASE)
        out = self.out("include_sweep.h5")
        r = run("sweep", cfg, "-q", "-o", out)
        self.refused(r, r"include_sweep.cfg:2: set #1 .*clients.count: expected a value \(an @include",
                     outputs=[out])
        self.assertNotIn("flex", r.stderr)

    # 7 ------------------------------------------------------------------------
    def test_07_sweep_with_many_sets(self):
        sets = []
        for _ in range(299):
            sets += ["--set", "run.days=30"]
        sets += ["--set", "clients.count=1.5"]
        out = self.out("many.h5")
        r = run("sweep", os.path.join(SRC, "tests", "data", "sweeps", "small.cfg"), "-q", "-t", "1", "-o", out, *sets)
        self.refused(r, re.escape("--set #300 (clients.count=1.5): clients.count: expected an integer"),
                     outputs=[out])

    # 8 ------------------------------------------------------------------------
    def test_08_auto_replicates_limited_by_memory(self):
        # the memory of one replicate of the baseline, from the message of a limit too low
        env = dict(ENV, VOLSIM_MEMORY_LIMIT="1M")
        r = run("run", BASE, "-r", "1", "-q", "-o", self.out("one.h5"), env=env)
        m = re.search(r"needs about ([0-9.]+) MiB per replicate", r.stderr)
        self.assertIsNotNone(m, r.stderr)
        env["VOLSIM_MEMORY_LIMIT"] = "%dK" % int(float(m.group(1)) * 1.5 * 1024)
        out = self.out("auto.h5")
        # one replicate fits, two at once do not: auto may run up to the maximum
        r = run("run", BASE, "-d", "5", "-q", "-t", "2", "--set", "run.replicates=1", "--replicates", "auto",
                "--max-replicates", "100000", "--ci-width", "0.001", "--metric", "client_wellbeing", "-o", out, env=env)
        self.refused(r, r"for 2 at once", r"--max-replicates", outputs=[out])

    # 9 ------------------------------------------------------------------------
    def test_09_unknown_policy(self):
        policies = r"expected a policy of .* \(one_off, three_month\), found 'nosuch'"
        for kind, sweep in (("response", self.sweep), ("sensitivity", self.saltelli)):
            with self.subTest(kind=kind):
                png = self.out("policy_%s.png" % kind)
                self.refused(run("plot", sweep, "--metric", "client_wellbeing", "--kind", kind, "--parameter",
                                 "bond.gain_per_visit", "--policy", "nosuch", "-o", png), r"--policy: " + policies,
                             outputs=[png])
        self.refused(run("sensitivity", self.saltelli, "--metric", "client_wellbeing", "--policy", "nosuch"),
                     r"--policy: " + policies)
        self.refused(run("sensitivity", self.saltelli, "--metric", "client_wellbeing", "--policy", "one_off",
                         "--versus", "nosuch"), r"--versus: " + policies)

    # 10 -----------------------------------------------------------------------
    def test_10_compare_unequal_replicates(self):
        two = self.out("two.h5")
        r = run("run", BASE, "--name", "a", BASE, "--name", "b", "--with", "run.replicates=3", *SMALL, "-r", "5", "-d",
                "40", "-q", "-o", two)
        self.assertEqual(r.returncode, 0, r.stderr)
        with h5py.File(two, "r") as f:
            self.assertEqual(f["scenarios/a/metrics/client_wellbeing"].shape[0], 5)
            self.assertEqual(f["scenarios/b/metrics/client_wellbeing"].shape[0], 3)
        r = run("compare", two, "--scenarios", "a,b", "-m", "client_wellbeing")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("volsim compare: note: a has 5 replicates and b 3; the first 3 of each are paired", r.stderr)
        # equal counts: no note
        r = run("compare", self.runfile, self.runfile, "-m", "client_wellbeing")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("note:", r.stderr)

    # 11 -----------------------------------------------------------------------
    def test_11_repeated_options(self):
        """Under AddressSanitizer a leak fails the command; elsewhere this
        checks that the last value counts."""
        a, b = self.out("rep_a.h5"), self.out("rep_b.h5")
        r = run("run", BASE, *TINY, "--set", "run.days=20", "--set", "run.days=30", "-o", a, "-o", b)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(os.path.exists(a))
        self.assertTrue(os.path.exists(b))
        for args in (("summary", self.runfile, "--metric", "client_wellbeing", "--metric", "client_wellbeing",
                      "--day", "5", "--day", "6"),
                     ("check", BASE, "--set", "run.days=5", "--set", "run.days=6"),
                     ("sensitivity", self.saltelli, "--metric", "client_wellbeing", "--metric", "client_wellbeing",
                      "--policy", "one_off", "--policy", "one_off", "--bootstrap", "10", "--bootstrap", "20"),
                     ("plot", self.sweep, "--metric", "client_wellbeing", "--kind", "response", "--parameter",
                      "bond.gain_per_visit", "--parameter", "bond.gain_per_visit", "--policy", "one_off",
                      "--policy", "one_off", "-o", self.out("rep1.svg"), "-o", self.out("rep2.svg"))):
            with self.subTest(command=args[0]):
                r = run(*args)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertNotIn("Sanitizer", r.stderr)
        # repeated bad input: refused, without a leak
        r = run("check", BASE, "--set", "clients.count=1.5", "--set", "clients.count=2.5")
        self.refused(r, r"--set #1 ", r"--set #2 ")

    # 12 -----------------------------------------------------------------------
    def test_12_names_that_cannot_name_a_group(self):
        for name in (".", "..", "a/b", "/", ".hidden", ""):
            with self.subTest(name=name):
                out = self.out("name.h5")
                self.refused(run("run", BASE, "--name", name, *TINY, "-o", out), r"--name: expected 1 to 100 letters",
                             re.escape("found '%s'" % name), outputs=[out])

    # 13 -----------------------------------------------------------------------
    def test_13_resume_of_an_incomplete_file(self):
        copy = self.out("incomplete.h5")
        shutil.copy(self.sweep, copy)
        with h5py.File(copy, "r+") as f:
            f["sweep"].attrs["complete"] = 0
        r = run("sweep", os.path.join(SRC, "tests", "data", "sweeps", "small.cfg"), "--resume", "-q", "-o", copy)
        self.refused(r, r"nothing to resume", r"marked incomplete, complete = 0")
        self.assertNotIn("is complete", r.stderr)
        r = run("sweep", os.path.join(SRC, "tests", "data", "sweeps", "small.cfg"), "--resume", "-q", "-o", self.sweep)
        self.refused(r, r"the sweep in the results file is complete")

    def test_13_sweep_from_a_pipe_names_the_path_tried(self):
        with open(os.path.join(SRC, "tests", "data", "sweeps", "small.cfg")) as f:
            text = f.read()
        out = self.out("pipe.h5")
        p = subprocess.run(["bash", "-c", 'exec "$0" sweep <(printf %s "$1") -q -o "$2"', EXE, text, out],
                           capture_output=True, text=True, timeout=120, env=ENV)
        self.refused(p, r"policies: cannot read '\.\./\.\./\.\./scenarios/one_off.cfg' \(/dev/fd/\.\./\.\./\.\./scenarios/one_off.cfg\): No such file",
                     outputs=[out])

    def test_13_pair_of_names_shown_as_given(self):
        self.refused(run("compare", self.runfile, "--scenarios", "baseline,baseline,x"),
                     re.escape("--scenarios: expected two scenarios A,B of %s (baseline), found 'baseline,baseline,x'"
                               % self.runfile))
        html = self.out("pair.html")
        self.refused(run("report", self.runfile, "--compare", "a,b,c", "-o", html),
                     re.escape("--compare: expected two scenario names A,B, found 'a,b,c'"), outputs=[html])

    def test_13_no_internal_names_in_messages(self):
        for args in (("summary", self.runfile, "--day", "x"), ("check", BASE, "--set", "x.y=1"),
                     ("run", BASE, "--name", "..", "-q"), ("patterns", "--only", "")):
            with self.subTest(command=args[0]):
                r = run(*args)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertNotRegex(r.stderr, r"\b(vol|vcli)_[a-z_]+\b")


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
