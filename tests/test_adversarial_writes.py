# SPDX-License-Identifier: GPL-3.0-or-later
"""Adversarial cases of volsim's writers (issue 16): full disks, overwrites,
temporaries, locks, builds, signals and hand-made results files.

Usage: test_adversarial_writes.py VOLSIM_EXE SOURCE_DIR

Each class is one kind of promise (docs/reliability.md). A case names the
command, the hostile condition and what must hold: the exit status, a
message naming the file and what was expected, and what is (not) left in
the output folder, under a final name or a hidden temporary one."""
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import h5py

EXE, SRC = sys.argv[1], sys.argv[2]
SCEN = os.path.join(SRC, "scenarios", "baseline.cfg")
SMALL = ["--set", "clients.count=120", "--set", "npo.count=4", "--set", "volunteers.initial=50",
         "--set", "companies.pool_size=40"]
SWEEP = os.path.join(SRC, "tests", "data", "sweeps", "small.cfg")
ENV = dict(os.environ)
ENV.setdefault("LSAN_OPTIONS", "suppressions=" + os.path.join(SRC, "tests", "lsan.supp"))


def run(*args, env=None, limit=None, timeout=300):
    """volsim args; limit: a file size limit in bytes (a full disk)."""
    def pre():
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=timeout, env=env or ENV,
                          preexec_fn=pre)


def entries(d):
    return sorted(os.listdir(d))


def hidden(d):
    return [e for e in os.listdir(d) if e.startswith(".")]


class Base(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.top = tempfile.mkdtemp(prefix="volsim-adv-writes-")
        cls.runfile = os.path.join(cls.top, "run.h5")
        r = run("run", SCEN, "-r", "2", "-d", "60", "-q", "-o", cls.runfile, *SMALL)
        assert r.returncode == 0, r.stderr
        cls.sweepfile = os.path.join(cls.top, "sweep.h5")
        r = run("sweep", SWEEP, "-t", "2", "-q", "-o", cls.sweepfile)
        assert r.returncode == 0, r.stderr
        with h5py.File(cls.sweepfile, "r") as f:
            cls.param = [p.decode() if isinstance(p, bytes) else p for p in f["sweep/design"].attrs["parameters"]][0]
            pol = f["sweep/policies"][0]
            cls.policy = pol.decode() if isinstance(pol, bytes) else pol

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.top, ignore_errors=True)

    def fresh(self):
        d = tempfile.mkdtemp(dir=self.top)
        return d

    def assertNothingLeft(self, d, allowed=()):
        self.assertEqual(sorted(set(entries(d)) - set(allowed)), [], f"left in {d}")


class FullDisk(Base):
    """Every writing command on a full disk (a file size limit): exit 1, a
    message naming the file and the cause, nothing under the final name and
    no temporary."""

    def check(self, args, d, name, limit=2048):
        r = run(*args, limit=limit)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(name, r.stderr)
        self.assertRegex(r.stderr, "File too large|file size limit")
        self.assertNotIn("HDF5-DIAG", r.stderr)  # one message of volsim's, not the library's error stack
        self.assertNotIn("wrote", r.stdout)
        return r

    def test_run_mid_way(self):
        # the replicates are written from the threads that ran them
        d = self.fresh()
        out = os.path.join(d, "r.h5")
        self.check(["run", SCEN, "-r", "20", "-d", "400", "-t", "2", "-q", "-o", out, *SMALL], d, out, limit=300 * 1024)
        self.assertNothingLeft(d)

    def test_discover_and_calibrate_files(self):
        d = self.fresh()
        out = os.path.join(d, "c.h5")
        self.check(["calibrate", os.path.join(SRC, "scenarios", "calibration", "baseline.cfg"), "--quick", "-q",
                    "-o", out], d, out, limit=8 * 1024)
        self.assertNothingLeft(d)

    def test_plot_png_and_svg(self):
        for ext in ("png", "svg"):
            d = self.fresh()
            out = os.path.join(d, "fig." + ext)
            self.check(["plot", self.runfile, "--metric", "client_wellbeing", "-o", out], d, out)
            self.assertNothingLeft(d)

    def test_plot_sweep_response(self):
        d = self.fresh()
        out = os.path.join(d, "resp.png")
        self.check(["plot", self.sweepfile, "--metric", "client_wellbeing", "--kind", "response", "--parameter",
                    self.param, "--policy", self.policy, "-o", out], d, out)
        self.assertNothingLeft(d)

    def test_report(self):
        d = self.fresh()
        out = os.path.join(d, "report.html")
        self.check(["report", self.runfile, "-o", out], d, "report")
        self.assertNothingLeft(d)

    def test_export_run_and_sweep(self):
        for src in (self.runfile, self.sweepfile):
            d = self.fresh()
            csv = os.path.join(d, "csv")
            self.check(["export", src, "--csv", csv], d, csv)
            self.assertNothingLeft(d)  # not even the folder export made


class FiguresOfTheReport(Base):
    """The report's figures are drawn in $TMPDIR (not a fixed /tmp), and a
    figure that cannot be drawn fails the report instead of leaving it out."""

    def test_tmpdir_is_honoured(self):
        d = self.fresh()
        env = dict(ENV, TMPDIR=os.path.join(d, "missing"))
        r = run("report", self.runfile, "-o", os.path.join(d, "r.html"), env=env)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(os.path.join(d, "missing"), r.stderr)
        self.assertNothingLeft(d)
        tmp = os.path.join(d, "tmp")
        os.mkdir(tmp)
        r = run("report", self.runfile, "-o", os.path.join(d, "r.html"), env=dict(ENV, TMPDIR=tmp))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(entries(tmp), [], "the report's figure folder is left")


class NoOverwrite(Base):
    """Every command that creates a file refuses to overwrite it without
    --force (exit 2, the file untouched), and overwrites it with --force."""

    def same(self, path, before):
        with open(path, "rb") as f:
            self.assertEqual(f.read(), before, f"{path} was changed")

    def case(self, make_args, path, is_dir=False):
        target = os.path.join(path, os.listdir(path)[0]) if is_dir else path
        with open(target, "rb") as f:
            before = f.read()
        r = run(*make_args)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--force", r.stderr)
        self.same(target, before)
        r = run(*make_args, "--force")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_each_writer(self):
        d = self.fresh()
        fig = os.path.join(d, "f.svg")
        args = ["plot", self.runfile, "--metric", "client_wellbeing", "-o", fig]
        self.assertEqual(run(*args).returncode, 0)
        self.case(args, fig)
        html = os.path.join(d, "r.html")
        args = ["report", self.runfile, "-o", html]
        self.assertEqual(run(*args).returncode, 0)
        self.case(args, html)
        csv = os.path.join(d, "csv")
        args = ["export", self.runfile, "--csv", csv]
        self.assertEqual(run(*args).returncode, 0)
        self.case(args, csv, is_dir=True)
        out = os.path.join(d, "r.h5")
        args = ["run", SCEN, "-r", "1", "-d", "20", "-q", "-o", out, *SMALL]
        self.assertEqual(run(*args).returncode, 0)
        self.case(args, out)
        self.assertEqual(hidden(d), [])


class StaleTemporaries(Base):
    """A temporary left by a process that no longer runs (SIGKILL, a power
    cut) is removed by the next writer of the same file, which says so;
    one of a live process is left alone."""

    def dead_pid(self):
        with open("/proc/sys/kernel/pid_max") as f:
            return int(f.read()) + 1  # never a running process

    def test_writers_remove_stale_temporaries(self):
        d = self.fresh()
        dead = self.dead_pid()
        cases = [
            ("r.h5", "", ["run", SCEN, "-r", "1", "-d", "20", "-q", *SMALL, "-o"]),
            ("f.png", ".png", ["plot", self.runfile, "--metric", "client_wellbeing", "-o"]),
            ("r.html", ".html", ["report", self.runfile, "-o"]),
            ("s.h5", "", ["sweep", SWEEP, "-t", "2", "-q", "-o"]),
        ]
        for name, ext, args in cases:
            stale = os.path.join(d, f".{name}.tmp.{dead}{ext}")
            live = os.path.join(d, f".{name}.tmp.1{ext}")  # pid 1 runs
            for p in (stale, live):
                with open(p, "w") as f:
                    f.write("half a file")
            r = run(*args, os.path.join(d, name))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertFalse(os.path.exists(stale), f"{name}: the stale temporary is still there")
            self.assertIn(f"removed {stale}", r.stderr)
            self.assertTrue(os.path.exists(live), f"{name}: a live process's temporary was removed")
            os.unlink(live)
        self.assertEqual(hidden(d), [])


class Locks(Base):
    """A long-running writer holds a lock on its output: a second writer of
    the same file is refused (exit 2, naming the file and the other
    process), the first finishes with a complete, uncorrupted file."""

    def start(self, args):
        return subprocess.Popen([EXE, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)

    def wait_for(self, path, seconds=60):
        t = time.time()
        while not os.path.exists(path) and time.time() - t < seconds:
            time.sleep(0.05)
        return os.path.exists(path)

    def test_two_sweeps_of_one_output(self):
        d = self.fresh()
        out = os.path.join(d, "s.h5")
        slow = os.path.join(SRC, "tests", "data", "sweeps", "long.cfg")
        p = self.start(["sweep", slow, "-t", "1", "-q", "-o", out])
        self.assertTrue(self.wait_for(out + ".journal"), "the first sweep did not start")
        for extra in (["--resume"], ["--force"]):
            r = run("sweep", slow, "-t", "1", "-q", "-o", out, *extra)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("another volsim process", r.stderr)
            self.assertIn(out, r.stderr)
            self.assertIn(str(p.pid), r.stderr)
        p.send_signal(signal.SIGINT)
        p.communicate(timeout=300)
        self.assertEqual(p.returncode, 130)
        r = run("sweep", slow, "-t", "2", "-q", "-o", out, "--resume")
        self.assertEqual(r.returncode, 0, r.stderr)
        with h5py.File(out, "r") as f:
            self.assertEqual(int(f["sweep"].attrs["complete"]), 1)
            self.assertTrue((f["sweep/runs/status"][()] == 1).all())
        self.assertEqual(hidden(d), [])

    def test_two_runs_of_one_output(self):
        d = self.fresh()
        out = os.path.join(d, "r.h5")
        p = self.start(["run", SCEN, "-r", "3000", "-t", "1", "-q", "-o", out, *SMALL])
        self.assertTrue(self.wait_for(os.path.join(d, ".r.h5.lock")), "the first run did not start")
        r = run("run", SCEN, "-r", "1", "-d", "10", "-q", "-o", out, "--force", *SMALL)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("another volsim process", r.stderr)
        p.send_signal(signal.SIGTERM)
        p.communicate(timeout=300)
        self.assertEqual(p.returncode, 143)
        self.assertEqual(hidden(d), [])


class Builds(Base):
    """A sweep started by one build of volsim is not resumed by another:
    the journal's fingerprint holds the build (commit, model sources,
    parameter table), and results files record it."""

    def test_resume_with_another_build_is_refused(self):
        d = self.fresh()
        out = os.path.join(d, "s.h5")
        slow = os.path.join(SRC, "tests", "data", "sweeps", "long.cfg")
        p = subprocess.Popen([EXE, "sweep", slow, "-t", "1", "-q", "-o", out], stderr=subprocess.PIPE, text=True,
                             env=ENV)
        t = time.time()
        while not os.path.exists(out) and time.time() - t < 60:
            time.sleep(0.05)
        time.sleep(0.5)
        p.send_signal(signal.SIGINT)
        p.communicate(timeout=300)
        self.assertEqual(p.returncode, 130)
        r = run("sweep", slow, "-t", "1", "-q", "-o", out, "--resume", env=dict(ENV, VOLSIM_TEST_BUILD_ID="another"))
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("another build of volsim", r.stderr)
        self.assertIn("mix runs of two model versions", r.stderr)
        r = run("sweep", slow, "-t", "2", "-q", "-o", out, "--resume")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_files_record_the_build(self):
        for path in (self.runfile, self.sweepfile):
            with h5py.File(path, "r") as f:
                build = f.attrs["build"]
                build = build.decode() if isinstance(build, bytes) else build
            self.assertRegex(build, r"^commit \S+; model sources [0-9a-f]{16}; parameters [0-9a-f]{16}$")


class Signals(Base):
    """SIGHUP, SIGTERM and SIGPIPE stop a run or a sweep like SIGINT: the
    completed work is kept and said so, exit 128 + n, nothing hidden left."""

    def stop(self, args, sig, d, wait_path):
        p = subprocess.Popen([EXE, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=ENV)
        t = time.time()
        while not os.path.exists(wait_path) and time.time() - t < 60:
            time.sleep(0.05)
        time.sleep(1.0)
        p.send_signal(sig)
        _, err = p.communicate(timeout=300)
        return p.returncode, err

    def test_run(self):
        for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGPIPE):
            d = self.fresh()
            out = os.path.join(d, "r.h5")
            rc, err = self.stop(["run", SCEN, "-r", "5000", "-t", "2", "-o", out, "--set", "run.burn_in_days=0",
                                 *SMALL], sig, d, os.path.join(d, ".r.h5.lock"))
            self.assertEqual(rc, 128 + sig, err)
            self.assertIn("interrupted by " + signal.Signals(sig).name, err)
            self.assertTrue(os.path.exists(out), err)
            with h5py.File(out, "r") as f:
                self.assertEqual(int(f.attrs["complete"]), 0)
            self.assertEqual(hidden(d), [])

    def test_sweep(self):
        slow = os.path.join(SRC, "tests", "data", "sweeps", "long.cfg")
        for sig in (signal.SIGHUP, signal.SIGPIPE):
            d = self.fresh()
            out = os.path.join(d, "s.h5")
            rc, err = self.stop(["sweep", slow, "-t", "1", "-q", "-o", out], sig, d, out)
            self.assertEqual(rc, 128 + sig, err)
            self.assertIn("interrupted by " + signal.Signals(sig).name, err)
            self.assertIn("--resume", err)
            self.assertEqual(hidden(d), [])

    def test_reading_command_killed_leaves_nothing(self):
        # an export stopped by SIGTERM: the parent passes it on, the worker
        # removes its temporary, the parent says so (exit 143), and the
        # folder export made is left empty
        d = self.fresh()
        big = os.path.join(d, "big.h5")
        r = run("run", SCEN, "-r", "8", "-d", "2000", "-q", "-o", big, "--set", "run.burn_in_days=0", *SMALL)
        self.assertEqual(r.returncode, 0, r.stderr)
        csv = os.path.join(d, "csv")
        p = subprocess.Popen([EXE, "export", big, "--csv", csv], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, env=ENV)
        t = time.time()
        while not (os.path.isdir(csv) and hidden(csv)) and time.time() - t < 60:
            time.sleep(0.01)
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=300)
        if p.returncode == 0:
            self.skipTest("the export was done before the signal")
        self.assertEqual(p.returncode, 143, err)
        self.assertIn("interrupted by SIGTERM", err)
        self.assertEqual(entries(csv), [])


class SpecialFiles(Base):
    """Readers bound what they read whatever the file type, and writers do
    not write through links."""

    def test_results_readers_refuse_pipes_and_devices(self):
        d = self.fresh()
        fifo = os.path.join(d, "fifo")
        os.mkfifo(fifo)
        for path, words in ((fifo, "a pipe"), ("/dev/zero", "a device")):
            for cmd in (["summary", path], ["report", path, "-o", os.path.join(d, "r.html")],
                        ["compare", path, "--scenarios", "a,b"]):
                r = run(*cmd, timeout=30)  # a FIFO without a writer used to block the open
                self.assertEqual(r.returncode, 2, f"{cmd}: {r.stderr}")
                self.assertIn(path, r.stderr)
                self.assertIn(words, r.stderr)
        self.assertEqual(entries(d), ["fifo"])

    def test_tables_are_bounded(self):
        r = run("discover", "--table", "/dev/zero", "--outcome", "y", timeout=60)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("at most 256 MiB", r.stderr)

    def test_an_include_over_the_limit_is_refused(self):
        d = self.fresh()
        big = os.path.join(d, "big.cfg")
        with open(big, "w") as f:
            f.write("// padding\n" * 7000)  # 77 KB of comments
        cfg = os.path.join(d, "s.cfg")
        with open(cfg, "w") as f:
            f.write('// includes a file over 64 KiB\nbase = "%s";\n@include "big.cfg"\n' % SCEN)
        r = run("check", cfg)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(cfg + ":3: @include: expected a file of at most 64 KiB", r.stderr)

    def test_sweep_journal_through_a_link_is_refused(self):
        d = self.fresh()
        victim = os.path.join(d, "victim.txt")
        with open(victim, "w") as f:
            f.write("precious")
        out = os.path.join(d, "s.h5")
        os.symlink(victim, out + ".journal")
        for extra in ([], ["--force"], ["--resume"]):
            r = run("sweep", SWEEP, "-t", "2", "-q", "-o", out, *extra)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("symbolic link" if extra else "already exists", r.stderr)
            with open(victim) as f:
                self.assertEqual(f.read(), "precious")
        self.assertEqual(sorted(entries(d)), ["s.h5.journal", "victim.txt"])


class Memory(Base):
    """Work that cannot fit in memory is refused before anything is
    allocated, by every command that simulates; and a run stays within its
    estimate."""

    def test_every_simulating_command_refuses(self):
        env = dict(ENV, VOLSIM_MEMORY_LIMIT="1K")
        d = self.fresh()
        cases = [
            ["run", SCEN, "-r", "2", "-d", "20", "-q", "-o", os.path.join(d, "r.h5")],
            ["sweep", SWEEP, "-q", "-o", os.path.join(d, "s.h5")],
            ["calibrate", os.path.join(SRC, "scenarios", "calibration", "baseline.cfg"), "--quick", "-q", "-o",
             os.path.join(d, "c.h5")],
            ["calibrate", "--predict", SCEN, "--against", os.path.join(SRC, "scenarios", "one_off.cfg"),
             "--posterior", os.path.join(SRC, "scenarios", "calibration", "baseline_posterior.csv"),
             "--metric", "client_wellbeing"],
            ["patterns", "--scenarios", os.path.join(SRC, "scenarios"), "-r", "2"],
        ]
        for args in cases:
            r = run(*args, env=env)
            self.assertEqual(r.returncode, 2, f"{args[0]}: {r.stderr}")
            self.assertRegex(r.stderr, "of memory is available|fits in memory", args[0])
            self.assertIn("nothing was run", r.stderr, args[0])
        self.assertEqual(entries(d), [])

    def test_an_unreadable_limit_is_an_error(self):
        for bad in ("abc", "4Gx", "0", "-5", " 4G", "nan"):
            r = run("check", SCEN, env=dict(ENV, VOLSIM_MEMORY_LIMIT=bad))
            self.assertEqual(r.returncode, 2, f"{bad!r}: {r.stderr}")
            self.assertIn("VOLSIM_MEMORY_LIMIT: expected a size", r.stderr)
        for good in ("4G", "512M", "1KiB", "1000000"):
            r = run("check", SCEN, env=dict(ENV, VOLSIM_MEMORY_LIMIT=good))
            self.assertEqual(r.returncode, 0, f"{good!r}: {r.stderr}")

    def test_a_run_stays_within_its_estimate(self):
        deps = subprocess.run(["ldd", EXE], capture_output=True, text=True).stdout
        if "libasan" in deps or "libtsan" in deps:
            self.skipTest("the sanitizer's shadow memory is not the run's")
        d = self.fresh()
        tiny = ["--set", "clients.count=10", "--set", "npo.count=1", "--set", "volunteers.initial=5",
                "--set", "companies.pool_size=5", "--set", "run.burn_in_days=0"]
        args = ["run", SCEN, "-r", "200", "-t", "2", "-d", "3650", "-q", "-o", os.path.join(d, "r.h5"), *tiny]
        # the estimate for 2 at once, read from the refusal under a tiny limit
        r = run(*args, env=dict(ENV, VOLSIM_MEMORY_LIMIT="1K"))
        self.assertEqual(r.returncode, 2, r.stderr)
        import re
        m = re.search(r"needs about ([0-9.]+) (KiB|MiB|GiB) per replicate", r.stderr)
        self.assertIsNotNone(m, r.stderr)
        est = 2 * float(m.group(1)) * {"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}[m.group(2)]
        p = subprocess.Popen([EXE, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        self.assertEqual(p.returncode, 0)
        peak = usage.ru_maxrss * 1024  # this run's own peak
        base = 40 << 20  # the program and its libraries (HDF5, PLplot, GSL, OpenMP) before any work
        self.assertLess(peak, base + 1.5 * est, f"peak {peak / 2**20:.1f} MiB, estimate {est / 2**20:.1f} MiB")


class HandMadeSweepFiles(Base):
    """Sizes and names in a hand-made sweep file are checked before use:
    exit 2 naming the file and what is wrong, never a crash or exit 0."""

    def variant(self, name, edit):
        path = os.path.join(self.top, name)
        shutil.copy(self.sweepfile, path)
        with h5py.File(path, "r+") as f:
            edit(f)
        return path

    def test_cases(self):
        def unwritten_policies(f):
            d = f["sweep/policies"]
            shape, dt = d.shape, d.dtype
            del f["sweep/policies"]
            f.create_dataset("sweep/policies", shape=shape, dtype=dt)

        def duplicate_policy(f):
            names = f["sweep/policies"][()]
            if len(names) > 1:
                names[1] = names[0]
            f["sweep/policies"][...] = names

        cases = {
            "samples_1e5": (lambda f: f["sweep/design"].attrs.modify("samples", 100000), "samples"),
            "samples_-1": (lambda f: f["sweep/design"].attrs.modify("samples", -1), "samples"),
            "replicates_2_40": (lambda f: f["sweep"].attrs.modify("replicates", 2 ** 40), "replicates"),
            "replicates_0": (lambda f: f["sweep"].attrs.modify("replicates", 0), "replicates"),
            "unwritten_policies": (unwritten_policies, "policy has no name"),
            "duplicate_policy": (duplicate_policy, "same name"),
        }
        for name, (edit, words) in cases.items():
            path = self.variant(name + ".h5", edit)
            for cmd in (["summary", path], ["sensitivity", path, "--metric", "client_wellbeing"],
                        ["compare", path], ["export", path, "--csv", os.path.join(self.top, "x_" + name)]):
                r = run(*cmd)
                if name == "duplicate_policy" and "same name" not in r.stderr and r.returncode == 0:
                    continue  # the sweep has one policy: nothing doubled
                self.assertEqual(r.returncode, 2, f"{name} {cmd[0]}: {r.stderr}")
                self.assertIn(path, r.stderr)
                self.assertIn(words, r.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
