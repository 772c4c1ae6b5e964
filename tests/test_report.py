# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTML report as a reader sees it, and the Python example.

Runs two small scenarios, writes the report, renders it in headless Chromium
(Debian's chromium) to a PNG and checks that the page is not blank and holds
its tables and figures; then runs examples/python/plot_results.py.
Usage: test_report.py VOLSIM_EXE SOURCE_DIR"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

from PIL import Image

EXE, SRC = sys.argv[1], sys.argv[2]
SMALL = ["--set", "clients.count=150", "--set", "npo.count=5", "--set", "volunteers.initial=60",
         "--set", "companies.pool_size=60", "--replicates", "4", "--days", "120", "--quiet"]
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Report(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.h5 = os.path.join(cls.tmp.name, "r.h5")
        subprocess.run([EXE, "run", os.path.join(SRC, "scenarios", "one_off.cfg"),
                        os.path.join(SRC, "scenarios", "three_month.cfg"), "-o", cls.h5,
                        "--set", "run.client_panel_days=7"] + SMALL, check=True)
        cls.html = os.path.join(cls.tmp.name, "report.html")
        subprocess.run([EXE, "report", cls.h5, "-o", cls.html], check=True, capture_output=True)
        with open(cls.html, encoding="utf-8") as fh:
            cls.text = fh.read()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def chromium(self, *args):
        profile = tempfile.mkdtemp(dir=self.tmp.name)
        return subprocess.run(CHROMIUM + [f"--user-data-dir={profile}"] + list(args) + ["file://" + self.html],
                              capture_output=True, text=True, timeout=120)

    def test_self_contained(self):
        # no external files or scripts
        self.assertNotRegex(self.text, r"<script|<link|src=\"(?!data:)|url\(")
        self.assertGreaterEqual(self.text.count("data:image/svg+xml;base64,"), 4)

    def test_contents_in_the_dom(self):
        dom = self.chromium("--dump-dom").stdout
        self.assertGreaterEqual(dom.count("<table"), 2, "key outcomes and provenance tables")
        self.assertGreaterEqual(len(re.findall(r"<img[^>]+src=\"data:image/svg", dom)), 4)
        for text in ("What each scenario asks", "Key outcomes", "Compared with one_off", "Provenance",
                     "<li><b>three_month</b>", "git_commit", "resolved scenario",
                     "What it does for the clients it reaches", "standardised mean difference", "<th>SMD</th>"):
            self.assertTrue(text in dom, f"the rendered page lacks {text!r}")

    def test_rendered_page_is_not_blank(self):
        png = os.path.join(self.tmp.name, "report.png")
        self.chromium("--window-size=1100,2400", f"--screenshot={png}")
        im = Image.open(png).convert("RGB")
        colours = im.getcolors(maxcolors=1 << 20)
        self.assertIsNotNone(colours)
        self.assertGreater(len(colours), 50, "too few colours: blank page?")
        white = max(colours)[0]  # the most frequent colour is the background
        self.assertLess(white / (im.size[0] * im.size[1]), 0.97, "the page is almost all background")
        # the figures' band colours (Okabe-Ito blue, light) appear somewhere
        self.assertTrue(any(abs(r - 0) < 40 and abs(g - 114) < 60 and b > 150 for _, (r, g, b) in colours))

    def test_existing_report_not_overwritten(self):
        r = subprocess.run([EXE, "report", self.h5, "-o", self.html], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--force", r.stderr)

    def test_python_example(self):
        out = os.path.join(self.tmp.name, "example.png")
        r = subprocess.run(["/usr/bin/python3", os.path.join(SRC, "examples", "python", "plot_results.py"),
                            self.h5, "clients_durable_share", out], capture_output=True, text=True, check=True)
        self.assertIn("three_month: clients_durable_share on the last day", r.stdout)
        self.assertGreater(os.path.getsize(out), 5000)

    def test_plot_command_writes_figures(self):
        for kind, ext in (("timeseries", "svg"), ("scenarios", "png")):
            out = os.path.join(self.tmp.name, f"{kind}.{ext}")
            subprocess.run([EXE, "plot", self.h5, "--metric", "client_wellbeing", "--kind", kind, "-o", out],
                           check=True, capture_output=True)
            self.assertGreater(os.path.getsize(out), 2000)
        with open(os.path.join(self.tmp.name, "timeseries.svg")) as fh:
            self.assertIn("<svg", fh.read())


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=1).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
