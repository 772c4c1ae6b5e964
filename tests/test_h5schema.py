# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks a volsim results file from outside, with h5py, against the schema
of docs/results-format.md. Usage: test_h5schema.py VOLSIM_EXE SOURCE_DIR

Runs three_month.cfg (a base chain of two files, an opening question and
non-default choices) on a small population with --agents --events; the
metric and parameter lists come from `volsim metrics/params --format csv`."""
import csv
import io
import os
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

EXE, SRC = sys.argv[1], sys.argv[2]
SMALL = ["--set", "clients.count=200", "--set", "npo.count=5", "--set", "volunteers.initial=80",
         "--set", "companies.pool_size=60"]
REPS, DAYS = 2, 60


def table(cmd):
    out = subprocess.run([EXE, cmd, "--format", "csv"], check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


class ResultsFile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.tmp.name, "r.h5")
        subprocess.run([EXE, "run", os.path.join(SRC, "scenarios", "three_month.cfg"), "--replicates", str(REPS),
                        "--days", str(DAYS), "--agents", "--events", "-o", cls.path, "--quiet"] + SMALL, check=True)
        cls.f = h5py.File(cls.path, "r")
        cls.sc = cls.f["scenarios/three_month"]

    @classmethod
    def tearDownClass(cls):
        cls.f.close()
        cls.tmp.cleanup()

    def test_root_attributes(self):
        a = self.f.attrs
        self.assertEqual(a["format"], "volsim-results")
        self.assertEqual(int(a["schema_version"]), 2)
        for key in ("volsim_version", "git_commit", "created", "command_line"):
            self.assertIsInstance(a[key], str, key)
            self.assertTrue(a[key], key)
        self.assertIsInstance(a["format"], str)
        self.assertIn("--agents", a["command_line"])
        self.assertRegex(a["created"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

    def test_every_metric_with_units(self):
        metrics = table("metrics")
        self.assertGreater(len(metrics), 40)
        self.assertEqual(set(self.sc["metrics"].keys()), {m["name"] for m in metrics})
        for m in metrics:
            d = self.sc["metrics"][m["name"]]
            self.assertEqual(d.shape, (REPS, DAYS), m["name"])
            self.assertEqual(d.dtype, np.float64, m["name"])
            self.assertIsInstance(d.attrs["units"], str, m["name"])
            self.assertTrue(d.attrs["units"], m["name"])
            self.assertEqual(d.attrs["units"], m["unit"], m["name"])
            self.assertEqual(d.attrs["dimensions"], "replicate,day", m["name"])
            self.assertEqual((d.compression, d.compression_opts, d.shuffle), ("gzip", 4, True), m["name"])
            self.assertIsNotNone(d.chunks, m["name"])
            # no NaN in files (schema 2): undefined values are undefined_value
            self.assertEqual(float(d.attrs["undefined_value"]), -1.0, m["name"])
            self.assertEqual(d.fillvalue, -1.0, m["name"])
            self.assertTrue(np.all(np.isfinite(d[...])), m["name"])
            self.assertEqual(d.attrs["description"], m["description"], m["name"])
            data = d[...]
            self.assertTrue(np.isfinite(data).any() or m["name"] in ("volunteer_yearly_dropout",
                                                                    "matches_closed_within_year",
                                                                    "retention_90", "retention_365",
                                                                    "company_contacted_wellbeing"), m["name"])

    def test_scenario_provenance(self):
        a = self.sc.attrs
        self.assertEqual(a["name"], "three_month")
        self.assertEqual(int(a["replicates"]), REPS)
        self.assertEqual(int(a["days"]), DAYS)
        self.assertEqual(int(a["seed"]), 20261124)
        self.assertTrue(a["source_file"].endswith("three_month.cfg"))
        chain = list(a["base_chain"])
        self.assertTrue(chain[0].endswith("baseline.cfg") and chain[-1].endswith("three_month.cfg"))
        self.assertIn("?", a["question"])
        for key in ("name", "source_file", "description", "question"):
            self.assertIsInstance(a[key], str, key)
        self.assertTrue(all(isinstance(c, str) for c in chain))
        self.assertEqual(a["seed"].dtype, np.uint64)
        keys = self.sc["replicate_keys"][...]
        self.assertEqual(list(keys["replicate"]), list(range(REPS)))
        self.assertEqual(keys.dtype["philox_key0"], np.uint64)
        self.assertTrue((keys["philox_key0"] == 20261124).all())
        self.assertEqual([int(k) for k in keys["philox_key1_base"]], [r << 32 for r in range(REPS)])
        self.assertEqual(list(self.sc["replicate"][...]), list(range(REPS)))
        self.assertEqual(list(self.sc["day"][...]), list(range(1, DAYS + 1)))

    def test_parameters(self):
        params = table("params")
        attrs = self.sc["parameters"].attrs
        self.assertEqual(set(attrs.keys()), {p["name"] for p in params})
        self.assertEqual(attrs["companies.format"], "one_to_one")
        self.assertEqual(int(attrs["clients.count"]), 200)
        self.assertEqual(float(attrs["companies.hours_per_year"]), 336.0)
        kinds = {"real": ("f", 8), "integer": ("i", 8), "bool": ("u", 1)}
        for p in params:
            v = attrs[p["name"]]
            if p["type"] == "choice":
                self.assertIsInstance(v, str, p["name"])
                self.assertIn(v, p["choices"].split("|"), p["name"])
            else:
                kind, size = kinds[p["type"]]
                self.assertEqual((v.dtype.kind, v.dtype.itemsize), (kind, size), p["name"])
        t = self.sc["parameter_table"]
        self.assertEqual(len(t), len(params))
        for field in ("name", "value", "unit", "min", "max", "description"):
            self.assertIn(field, t.dtype.names)
        rows = t[...]

        def text(col):  # h5py returns strings inside compounds as bytes
            return [v.decode() if isinstance(v, bytes) else v for v in rows[col]]
        names = text("name")
        self.assertEqual(names, [p["name"] for p in params])
        self.assertEqual(text("unit"), [p["unit"] for p in params])
        self.assertEqual(text("description"), [p["description"] for p in params])
        values = dict(zip(names, rows["value"]))
        self.assertEqual(values["clients.count"], 200.0)

    def test_resolved_config_reproduces_the_data(self):
        text = self.sc["config"][()]
        text = text.decode() if isinstance(text, bytes) else text
        self.assertEqual(self.sc["config"].shape, ())
        self.assertIn("one_to_one", text)
        cfg = os.path.join(self.tmp.name, "resolved.cfg")
        with open(cfg, "w") as fh:
            fh.write(text)
        again = os.path.join(self.tmp.name, "again.h5")
        subprocess.run([EXE, "run", cfg, "-o", again, "--quiet"], check=True)
        with h5py.File(again, "r") as g:
            other = g["scenarios/three_month"]
            for name, d in self.sc["metrics"].items():
                np.testing.assert_array_equal(d[...], other["metrics"][name][...], err_msg=name)

    def test_agent_tables_and_events(self):
        agents = self.sc["agents"]
        self.assertEqual(sorted(agents.keys()), [f"r{r:04d}" for r in range(REPS)])
        r0 = agents["r0000"]
        self.assertEqual(sorted(r0.keys()),
                         sorted(["npos", "clients", "volunteers", "professionals", "companies", "relationships"]))
        clients = r0["clients"]
        self.assertEqual(len(clients), 200)
        for field in ("profile", "complexity", "care_avoidance", "demandingness", "routine_sensitivity",
                      "wellbeing", "trust_npo", "scepticism", "professional", "relationship"):
            self.assertIn(field, clients.dtype.names)
        vol = r0["volunteers"]
        for field in ("kind", "state", "energy", "commitment", "relational_skill", "empathy", "perseverance",
                      "over_involvement", "challenge_seeking", "reciprocity_expectation", "supervisor"):
            self.assertIn(field, vol.dtype.names)
        kinds = h5py.check_enum_dtype(vol.dtype["kind"])
        self.assertEqual(kinds, {"regular": 0, "corporate": 1, "vulnerable": 2})
        self.assertIn("field_descriptions", clients.attrs)
        ev = self.sc["events"]["r0000"]
        self.assertGreater(len(ev), 0)
        names = h5py.check_enum_dtype(ev.dtype["kind"])
        self.assertIn("match", names)
        self.assertTrue((np.diff(ev["day"]) >= 0).all())
        rel = r0["relationships"]
        self.assertIn("end_reason", rel.dtype.names)
        for r in range(REPS):
            group = agents[f"r{r:04d}"]
            for name in group:
                d = group[name]
                descs = list(d.attrs["field_descriptions"])
                self.assertEqual([x.split(":")[0] for x in descs], list(d.dtype.names), name)
                self.assertTrue(all(isinstance(x, str) and ": " in x for x in descs), name)
            ev = self.sc["events"][f"r{r:04d}"]
            self.assertEqual(set(ev.dtype.names),
                             {"day", "kind", "reason", "client", "volunteer", "professional", "company", "npo"})
            self.assertTrue((ev["day"] >= 0).all() and (ev["day"] < DAYS).all())


class DiscoveryFile(unittest.TestCase):
    """volsim discover -o on the PRIM reference table A (tests/data/prim):
    the file holds what the text says, and its parts agree with each other
    (the box's counts recomputed from the stored points and labels)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.tmp.name, "d.h5")
        table = os.path.join(SRC, "tests", "data", "prim", "A.csv")
        cls.csv = subprocess.run([EXE, "discover", "--table", table, "--outcome", "y", "--boxes", "2", "-o", cls.path,
                                  "--format", "csv"], check=True, capture_output=True, text=True).stdout
        cls.f = h5py.File(cls.path, "r")
        cls.g = cls.f["discovery"]

    @classmethod
    def tearDownClass(cls):
        cls.f.close()
        cls.tmp.cleanup()

    def test_root_and_settings(self):
        a = self.f.attrs
        self.assertEqual(a["format"], "volsim-discovery")
        self.assertEqual(int(a["schema_version"]), 1)
        for key in ("volsim_version", "git_commit", "created", "command_line"):
            self.assertTrue(a[key], key)
        g = self.g.attrs
        self.assertEqual(g["kind"], "table")
        self.assertEqual(g["outcome"], "y")
        self.assertEqual(int(g["points"]), 2000)
        self.assertEqual(int(g["cases"]), 303)
        self.assertAlmostEqual(float(g["min_density"]), 0.8)
        self.assertAlmostEqual(float(g["peel_alpha"]), 0.05)

    def test_box_matches_the_csv_and_the_points(self):
        rows = list(csv.DictReader(io.StringIO(self.csv)))
        names = [n.decode() if isinstance(n, bytes) else n for n in self.g["parameters"][()]]
        box = self.g["box_1/box"]
        lo, up = box["lower"][()], box["upper"][()]
        for r in rows:
            if r["box"] != "1":
                continue
            j = names.index(r["dimension"])
            self.assertAlmostEqual(lo[j], float(r["lower"]), places=5)
            self.assertAlmostEqual(up[j], float(r["upper"]), places=5)
            self.assertAlmostEqual(float(box.attrs["coverage"]), float(r["coverage"]), places=5)
        x, y = self.g["points/values"][()], self.g["points/label"][()]
        inside = np.all((x >= lo) & (x <= up), axis=1)
        self.assertEqual(int(inside.sum()), int(box.attrs["n"]))
        self.assertEqual(int(y[inside].sum()), int(box.attrs["k"]))
        qp = box["quasi_p_lower"]
        self.assertEqual(float(qp.attrs["undefined_value"]), -1.0)
        self.assertFalse(np.isnan(qp[()]).any())

    def test_trajectory_and_tree_are_consistent(self):
        t = self.g["box_1/trajectory"]
        n = t["coverage"].shape[0]
        self.assertEqual(t["lower"].shape, (n, 6))
        self.assertEqual(int(t["n"][0]), 2000)
        self.assertTrue(np.all(np.diff(t["n"][: int(self.g["box_1"].attrs["peel_end"]) + 1]) < 0))
        tree = self.g["tree"]
        leaves = tree["dimension"][()] < 0
        self.assertEqual(int(tree["n"][()][leaves].sum()), 2000)
        self.assertTrue(np.all(tree["n"][()][leaves] >= int(tree.attrs["min_leaf"])))
        self.assertAlmostEqual(float(self.g["scores/score"][()].sum()), 1.0, places=12)


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=1).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
