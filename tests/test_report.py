# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTML report as a reader sees it, and the Python example.

Runs small scenarios (one_off, three_month and a named coordinator variant of
one_off made with --with, --name and --description), writes the report in
English and Dutch, renders it in headless Chromium (Debian's chromium) and
checks what a reader needs: the bottom line first, naming both scenarios and
stating a number with its interval in words; the numbers equal volsim
compare's; alt text on every figure; no text overflowing its box at 1280 and
390 px (measured in the DOM by a script added to a copy of the page); the
print layout (the page's print rules applied on screen at A4's printable
width) keeps every figure and table whole on a page, and printing to PDF
works; the Dutch page holds no English sentence of the catalogue; scenario
names are escaped. Then runs examples/python/plot_results.py.
Usage: test_report.py VOLSIM_EXE SOURCE_DIR"""
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

from PIL import Image

EXE, SRC = sys.argv[1], sys.argv[2]
SMALL = ["--set", "clients.count=150", "--set", "npo.count=5", "--set", "volunteers.initial=60",
         "--set", "companies.pool_size=60", "--replicates", "4", "--days", "400", "--quiet"]
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SC = os.path.join(SRC, "scenarios")

# Added before </body> of a copy of the page: for every element whose
# content is wider than its box (and that does not scroll by design), and for
# the page itself, a line in <pre id="volsim-check">; with print=1 it also
# lists figures and tables taller than an A4 page's printable height, or
# without break-inside: avoid.
CHECK_SCRIPT = r"""
<script>
(function () {
  var bad = [], W = Math.round(document.documentElement.getBoundingClientRect().width);
  if (document.body.scrollWidth > document.body.clientWidth + 1)
    bad.push('page ' + document.body.scrollWidth + ' > ' + document.body.clientWidth);
  var all = document.body.querySelectorAll('*');
  for (var i = 0; i < all.length; i++) {
    var e = all[i], cs = getComputedStyle(e);
    if (e.closest('.wide, pre, details, script, style')) continue;
    if (cs.overflowX !== 'visible' || cs.display === 'inline') continue;
    if (e.scrollWidth > e.clientWidth + 1)
      bad.push(e.tagName + ' ' + (e.textContent || '').slice(0, 60) + ' ' + e.scrollWidth + ' > ' + e.clientWidth);
  }
  if (PRINT) {
    var H = 267 / 25.4 * 96; /* A4 minus the 15 mm margins, in CSS px */
    var els = document.querySelectorAll('figure, table');
    for (var j = 0; j < els.length; j++) {
      var r = els[j].getBoundingClientRect(), b = getComputedStyle(els[j]).breakInside;
      if (r.height > H) bad.push('tall ' + els[j].tagName + ' ' + Math.round(r.height));
      if (b !== 'avoid' && b !== 'avoid-page') bad.push('breakable ' + els[j].tagName + ' ' + b);
    }
  }
  var p = document.createElement('pre');
  p.id = 'volsim-check';
  p.textContent = JSON.stringify({width: W, bad: bad});
  document.body.appendChild(p);
})();
</script>
"""


def page_text(markup):
    """The visible text of a page, tags dropped, entities decoded."""
    markup = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r"<img[^>]*>", " ", markup)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def po_entries(path):
    """(msgid, msgstr) pairs of a .po file (header left out)."""
    out, mid, mstr, mode = [], [], [], None
    with open(path, encoding="utf-8") as fh:
        for line in fh.read().split("\n") + [""]:
            if line.startswith("msgid "):
                mode, mid = "id", [line[6:]]
            elif line.startswith("msgstr "):
                mode, mstr = "str", [line[7:]]
            elif line.startswith('"') and mode:
                (mid if mode == "id" else mstr).append(line)
            elif not line.strip() and mode:
                a, b = "".join(json.loads(x) for x in mid), "".join(json.loads(x) for x in mstr)
                if a:
                    out.append((a, b))
                mode = None
    return out


class Report(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        t = cls.tmp.name
        cls.h5 = os.path.join(t, "r.h5")
        subprocess.run([EXE, "run", os.path.join(SC, "one_off.cfg"), os.path.join(SC, "three_month.cfg"),
                        os.path.join(SC, "one_off.cfg"), "--with", "municipality.coordinator_share=1",
                        "--name", "one_off_coordinators", "--description", "One-off days, a coordinator in every NPO",
                        "-o", cls.h5, "--set", "run.client_panel_days=7"] + SMALL, check=True)
        cls.compare = ["--compare", "one_off,three_month", "--compare", "one_off,one_off_coordinators"]
        cls.html, cls.nl = os.path.join(t, "report.html"), os.path.join(t, "report-nl.html")
        subprocess.run([EXE, "report", cls.h5, "-o", cls.html] + cls.compare, check=True, capture_output=True)
        subprocess.run([EXE, "report", cls.h5, "-o", cls.nl, "--lang", "nl"] + cls.compare, check=True,
                       capture_output=True)
        with open(cls.html, encoding="utf-8") as fh:
            cls.text = fh.read()
        with open(cls.nl, encoding="utf-8") as fh:
            cls.text_nl = fh.read()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def chromium(self, page, *args):
        profile = tempfile.mkdtemp(dir=self.tmp.name)
        return subprocess.run(CHROMIUM + [f"--user-data-dir={profile}"] + list(args) + ["file://" + page],
                              capture_output=True, text=True, timeout=180)

    def measured(self, source, width, printing=False):
        """The check script's findings on a copy of page source at a width."""
        markup = source
        if printing:  # the print rules on screen
            markup = markup.replace("@media print{", "@media all{")
        # headless Chromium's window is at least 500 px wide: the page's root
        # is given the width instead (the page has no width media queries)
        markup = markup.replace("</head>", f"<style>html{{width:{width}px}}</style></head>", 1)
        markup = markup.replace("</body>", CHECK_SCRIPT.replace("PRINT", "1" if printing else "0") + "</body>")
        page = os.path.join(self.tmp.name, f"check-{width}-{int(printing)}.html")
        with open(page, "w", encoding="utf-8") as fh:
            fh.write(markup)
        dom = self.chromium(page, f"--window-size={max(width, 500) + 40},900", "--dump-dom").stdout
        m = re.search(r'<pre id="volsim-check">(.*?)</pre>', dom, flags=re.S)
        self.assertIsNotNone(m, "the check script did not run")
        got = json.loads(html.unescape(m.group(1)))
        self.assertEqual(got["width"], width)
        return got

    def test_self_contained(self):
        # no external files or scripts
        for t in (self.text, self.text_nl):
            self.assertNotRegex(t, r"<script|<link|src=\"(?!data:)|url\(")
            self.assertGreaterEqual(t.count("data:image/svg+xml;base64,"), 4)

    def test_bottom_line_first(self):
        dom = self.chromium(self.html, "--dump-dom").stdout
        body = dom[dom.index("<body"):]
        first_h2 = re.search(r"<h2>(.*?)</h2>", body).group(1)
        self.assertEqual(html.unescape(first_h2), "Bottom line: three_month compared with one_off")
        section = body[body.index('id="bottom-line-1"'):body.index('id="bottom-line-2"')]
        words = page_text(section)
        self.assertRegex(words, r"After 1\.1 years, compared with one_off: three_month does clearly")
        # a number with its interval in words
        self.assertRegex(words, r"between [0-9.]+ and [0-9.]+ (more|fewer|higher|lower)")
        # the second comparison names the variant, its description and what coordinators take
        second = page_text(body[body.index('id="bottom-line-2"'):body.index('id="needs"')])
        self.assertIn("Bottom line: one_off_coordinators compared with one_off", second)
        self.assertIn("One-off days, a coordinator in every NPO", second)
        self.assertRegex(second, r"Volunteer coordinators\s*: in 20% of the welfare organisations with one_off, in 100% "
                                 r"with one_off_coordinators")
        # the developer's words stay in the appendix
        plain = page_text(body[:body.index('id="appendix"')])
        for word in ("seed", "replicate", "t distribution", "random stream", "client_wellbeing", "municipality."):
            self.assertNotIn(word, plain, f"{word!r} in the plain-language part")

    def test_bottom_line_equals_compare(self):
        items = re.findall(r'<li data-metric="([a-z_0-9]+)" data-days="(\d+):(\d+)" data-diff="([^"]+)" '
                           r'data-lo="([^"]+)" data-hi="([^"]+)">(.*?)</li>', self.text, flags=re.S)
        section = self.text[:self.text.index('id="bottom-line-2"')]
        items1 = [i for i in items if f'data-metric="{i[0]}" data-days="{i[1]}:{i[2]}" data-diff="{i[3]}"' in section]
        self.assertGreaterEqual(len(items1), 12)
        checked = 0
        for metric, a, b, diff, lo, hi, words in items1:
            window = [] if a == b else ["--mean-over", f"{a}:{b}"]
            out = subprocess.run([EXE, "compare", self.h5, "--scenarios", "one_off,three_month", "--metric", metric]
                                 + window, capture_output=True, text=True, check=True).stdout
            m = re.search(rf"^  {metric}\s+([-+0-9.e]+)\s+\[([-+0-9.e]+), ([-+0-9.e]+)\]", out, flags=re.M)
            self.assertIsNotNone(m, f"volsim compare printed no line for {metric}")
            for mine, theirs in zip((float(diff), float(lo), float(hi)), map(float, m.groups())):
                self.assertAlmostEqual(mine, theirs, delta=abs(theirs) * 2e-3 + 1e-12, msg=metric)
            # the words state the same interval, scaled and rounded
            w = page_text(words)
            nums = re.search(r"between ([0-9.]+)(?: fewer| lower)? and ([0-9.]+)", w)
            if nums and float(lo) != float(hi):
                scale = 100 if metric.endswith("share") or metric.endswith("dropout") or metric.startswith(
                    ("client_wellbeing", "professional_trust")) else 365 if metric in (
                    "burnouts_new", "handovers", "company_hours") else 7 if metric == "supervision_given" else 1
                shown = sorted(map(float, nums.groups()))
                want = sorted(abs(scale * float(x)) for x in (lo, hi))
                if float(lo) < 0 < float(hi):
                    want = [abs(scale * float(lo)), scale * float(hi)]
                    shown = [float(nums.group(1)), float(nums.group(2))]
                for s, v in zip(shown, want):
                    digits = len(nums.group(1).split(".")[1]) if "." in nums.group(1) else 0
                    self.assertAlmostEqual(s, v, delta=0.51 * 10 ** -digits + 1e-9, msg=f"{metric}: {w}")
                checked += 1
        self.assertGreaterEqual(checked, 8)

    def test_robustness_from_sweep_discovery_and_prediction(self):
        t = self.tmp.name
        sweep, disc, pred = (os.path.join(t, n) for n in ("s.h5", "d.h5", "p.h5"))
        subprocess.run([EXE, "sweep", os.path.join(SRC, "tests", "data", "sweeps", "discover_small.cfg"), "-q", "-o",
                        sweep], check=True)
        subprocess.run([EXE, "discover", sweep, "--metric", "client_wellbeing", "--better", "one_off", "--than",
                        "three_month", "-o", disc], check=True, capture_output=True)
        subprocess.run([EXE, "calibrate", "--predict", os.path.join(SC, "three_month.cfg"), "--against",
                        os.path.join(SC, "one_off.cfg"), "--metric", "client_wellbeing", "--draws", "3",
                        "--replicates", "2", "-q", "-o", pred] + SMALL[:8] + ["--set", "run.days=200"],
                       check=True, capture_output=True)
        page = os.path.join(t, "robust.html")
        subprocess.run([EXE, "report", self.h5, sweep, disc, pred, "--compare", "one_off,three_month", "-o", page],
                       check=True, capture_output=True)
        with open(page, encoding="utf-8") as fh:
            text = fh.read()
        robust = text[text.index('<ul class="robust">'):text.index('id="needs"')]
        # across the sweep: the counts of volsim compare on the sweep file
        m = re.search(r'<li data-sweep="0" data-metric="client_wellbeing" data-points="(\d+)" data-higher="(\d+)" '
                      r'data-lower="(\d+)">', robust)
        self.assertIsNotNone(m, robust[:400])
        out = subprocess.run([EXE, "compare", sweep, "--scenarios", "three_month,one_off", "--metric",
                              "client_wellbeing"], capture_output=True, text=True, check=True).stdout
        c = re.search(r"client_wellbeing: .* over (\d+) points; three_month higher at (\d+), lower at (\d+)", out)
        self.assertEqual(m.groups(), c.groups())
        # what decides it, in plain words, and the answer under the evidence
        words = page_text(robust)
        self.assertRegex(words, r"Which of the two does better on average wellbeing depends most on the harm")
        import h5py
        with h5py.File(pred) as f:
            p = f["prediction"].attrs["p_a_better"]
        m = re.search(r'data-prediction="0" data-metric="client_wellbeing" data-probability="([^"]+)"', robust)
        self.assertAlmostEqual(float(m.group(1)), p, places=12)
        self.assertRegex(words, r"the probability that three_month does better on average wellbeing is [0-9.]+")
        # and the other way round (three_month,one_off): the complement
        page2 = os.path.join(t, "robust2.html")
        subprocess.run([EXE, "report", self.h5, pred, "--compare", "three_month,one_off", "-o", page2], check=True,
                       capture_output=True)
        with open(page2, encoding="utf-8") as fh:
            m2 = re.search(r'data-probability="([^"]+)"', fh.read())
        self.assertAlmostEqual(float(m2.group(1)), 1 - p, places=12)

    def test_needs_of_subgroups(self):
        words = page_text(self.text[self.text.index('id="needs"'):self.text.index('id="outcomes"')])
        for group in ("Routine-sensitive clients", "Isolated clients with multiple problems"):
            self.assertIn(group, words)

    def test_every_figure_has_alt_text(self):
        for t in (self.text, self.text_nl):
            imgs = re.findall(r"<img([^>]*)>", t)
            self.assertGreaterEqual(len(imgs), 4)
            for attrs in imgs:
                alt = re.search(r'alt="([^"]*)"', attrs)
                self.assertTrue(alt and len(alt.group(1)) > 30, f"an image without alt text: {attrs[:80]}")
        self.assertIn('alt="Line chart of Average wellbeing of all clients over 400 days, one line per scenario: '
                      'one_off, three_month, one_off_coordinators"', self.text)

    def test_no_overflow_at_1280_and_390(self):
        for source in (self.text, self.text_nl):
            for width in (1280, 390):
                got = self.measured(source, width)
                self.assertEqual(got["bad"], [], f"overflow at {width} px")

    def test_print_keeps_figures_and_tables_whole(self):
        got = self.measured(self.text, 680, printing=True)  # 180 mm: A4 minus its margins
        self.assertEqual(got["bad"], [])
        pdf = os.path.join(self.tmp.name, "report.pdf")
        self.chromium(self.html, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
        with open(pdf, "rb") as fh:
            data = fh.read()
        self.assertTrue(data.startswith(b"%PDF"))
        self.assertGreaterEqual(len(re.findall(rb"/Type\s*/Page[^s]", data)), 3)

    def test_dutch_page_holds_no_english_sentence(self):
        dutch = page_text(self.text_nl[:self.text_nl.index('id="appendix"')])
        self.assertIn("Conclusie: three_month vergeleken met one_off", dutch)
        self.assertRegex(dutch, r"tussen [0-9]+(,[0-9]+)? en [0-9]+(,[0-9]+)? (meer|minder|hoger|lager)")
        self.assertNotRegex(dutch, r"\b[0-9]+\.[0-9]+\b", "a decimal point in Dutch text")
        left = []
        for msgid, msgstr in po_entries(os.path.join(SRC, "po", "nl.po")):
            self.assertTrue(msgstr, f"untranslated: {msgid!r}")
            # every stretch of three or more English words between format directives
            for part in re.split(r"%[-+ #0-9.]*(?:ll|l|z)?[sdfgu%]|<[^>]+>", msgid):
                part = part.strip(" .,:;()")
                if len(part.split()) >= 3 and part not in msgstr and part in dutch:
                    left.append(part)
        self.assertEqual(left, [], "English sentences in the Dutch page")
        # and the English page does use them (the check can fail)
        english = page_text(self.text[:self.text.index('id="appendix"')])
        self.assertIn("How sure is this?", english)

    def test_shipped_descriptions_are_translated(self):
        msgids = {m for m, _ in po_entries(os.path.join(SRC, "po", "nl.po"))}
        wanted = []
        for name in sorted(os.listdir(SC)):
            if name.endswith(".cfg"):
                with open(os.path.join(SC, name), encoding="utf-8") as fh:
                    wanted += re.findall(r'^description = "(.*)";', fh.read(), flags=re.M)
        with open(os.path.join(SRC, "scripts", "demo"), encoding="utf-8") as fh:
            wanted += re.findall(r'--description "([^"]*)"', fh.read())
        self.assertGreaterEqual(len(wanted), 12)
        self.assertEqual([w for w in wanted if w not in msgids], [], "add them to shipped_descriptions in report.c")
        self.assertTrue("Vier eenmalige bedrijfsdagen per jaar" in self.text_nl, "a shipped description untranslated")

    def test_names_are_escaped(self):
        bad = "x<b>y"
        r = subprocess.run([EXE, "run", os.path.join(SC, "one_off.cfg"), "--name", bad, "-o",
                            os.path.join(self.tmp.name, "bad.h5")] + SMALL, capture_output=True, text=True)
        self.assertEqual(r.returncode, 2, "a name with markup was accepted by run")
        self.assertIn("--name: expected", r.stderr)
        self.assertIn("found 'x<b>y'", r.stderr)
        # a file written by hand with such a name: the page escapes it
        import h5py
        odd, name = os.path.join(self.tmp.name, "odd.h5"), '<b>three"&'
        subprocess.run(["cp", self.h5, odd], check=True)
        with h5py.File(odd, "r+") as f:
            f.move("scenarios/three_month", "scenarios/" + name)
            f["scenarios/" + name].attrs["name"] = name
            f["scenarios/" + name].attrs["description"] = "<script>alert(1)</script>"
        page = os.path.join(self.tmp.name, "odd.html")
        r = subprocess.run([EXE, "report", odd, "-o", page, "--compare", "one_off," + name],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(page, encoding="utf-8") as fh:
            t = fh.read()
        self.assertNotIn("<b>three", t)
        self.assertNotIn("<script>", t)
        self.assertIn("&lt;b&gt;three&quot;&amp;", t)

    def test_bad_compare_is_refused(self):
        out = os.path.join(self.tmp.name, "none.html")
        for arg, msg in (("one_off,nosuch", "no scenario named 'nosuch'"), ("one_off", "expected two scenario names"),
                         ("one_off,one_off", "two different scenarios")):
            r = subprocess.run([EXE, "report", self.h5, "-o", out, "--compare", arg], capture_output=True, text=True)
            self.assertEqual(r.returncode, 2, arg)
            self.assertIn(msg, r.stderr)
            self.assertFalse(os.path.exists(out), "a refused report left a file")

    def test_default_comparisons_follow_the_bases(self):
        # one_off and three_month are based on baseline.cfg: each is compared with it
        h5 = os.path.join(self.tmp.name, "b.h5")
        subprocess.run([EXE, "run", os.path.join(SC, "baseline.cfg"), os.path.join(SC, "one_off.cfg"),
                        os.path.join(SC, "three_month.cfg"), "-o", h5] + SMALL, check=True)
        page = os.path.join(self.tmp.name, "b.html")
        subprocess.run([EXE, "report", h5, "-o", page], check=True, capture_output=True)
        with open(page, encoding="utf-8") as fh:
            heads = re.findall(r"<h2>(Bottom line: [^<]*)</h2>", fh.read())
        self.assertEqual(heads, ["Bottom line: one_off compared with baseline",
                                 "Bottom line: three_month compared with baseline"])

    def test_rendered_page_is_not_blank(self):
        png = os.path.join(self.tmp.name, "report.png")
        self.chromium(self.html, "--window-size=1100,2400", f"--screenshot={png}")
        im = Image.open(png).convert("RGB")
        colours = im.getcolors(maxcolors=1 << 20)
        self.assertIsNotNone(colours)
        self.assertGreater(len(colours), 50, "too few colours: blank page?")
        white = max(colours)[0]  # the most frequent colour is the background
        self.assertLess(white / (im.size[0] * im.size[1]), 0.97, "the page is almost all background")

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
