"""Every figure of issue 14's table in one run, each beside a CPU yardstick timed in the same process.

Run from the repository root (about 3 minutes on a quiet machine; needs ~1 GB of free disk in the
temporary folder):

    .venv/bin/python bench/bench_speed.py            # 500, 5,000 and 50,000 assessments
    .venv/bin/python bench/bench_speed.py --sizes 5000 --runs 5

Each figure is the median of `--runs` (≥ 5) runs, printed with every run, and as a ratio to the
yardstick Y: a fixed pure-Python loop timed in this same process right before each run of the figure
(the median of those), so the ratio follows the machine's load as it changes during the run. A ratio
changes far less than a time when the machine is busier or slower, so it is what docs/benchmarks.md compares;
the load average (os.getloadavg) is printed with every figure to say how busy the machine was
(bench/yardstick.py, shared by every bench script).

Page figures are server-side reruns with Streamlit's AppTest, in process (no browser; bench_browser.py
times the presenter in Chromium):
- presenter refresh: the presenter page with results revealed (all round tables); "new data" submits
  one example assessment through the store into the page's database before each timed rerun (not
  timed itself): the write bumps the data revision the caches are keyed on, so the rerun recomputes
  as a refresh after a participant's submission does; "no new data" is a plain rerun;
- organisers page, any click: ticking the HXL box on the summaries tab, the open one (logged in,
  default scope);
- map with the layer: a SYNTHETIC municipal layer of Mexico's size (bench/synthetic_layers.py)
  imported and drawn as context; "warm" changes the as-of date, "caches cleared" is what the first
  viewer after a restart or an import waits.
The regional XLSX is export_file in process. The layer import runs in a child process, so its peak
memory (VmHWM) is its own; it reads a ~340 MB SYNTHETIC GeoJSON laid out like INEGI's, where it
lies (the CLI) and then as the organisers' page takes an upload (bytes in memory, fields listed first).
Every database and file is temporary; data/ is never written.
"""

import argparse
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import streamlit as st  # noqa: E402
import synthetic_layers  # noqa: E402
from examples import submit_example  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from yardstick import Report, timed, yardstick  # noqa: E402

from indicators import boundaries, layers  # noqa: E402
from indicators.accounts import Account, hash_password  # noqa: E402
from indicators.config import DATA_DIR  # noqa: E402
from indicators.demo import generate_assessments  # noqa: E402
from indicators.exports import ExportRequest, export_file  # noqa: E402
from indicators.i18n import Translator  # noqa: E402
from indicators.questionnaire import load_questionnaire  # noqa: E402
from indicators.store import Store  # noqa: E402
from ui import routes  # noqa: E402

SIZES = (500, 5_000, 50_000)
PASSWORD = "bench password"  # of the organiser account every bench database has


def database(folder: Path, assessments: int) -> Path:
    path = folder / f"bench-{assessments}.duckdb"
    store = Store.open(path)
    store.load_bundled(DATA_DIR)
    store.add_account(Account("bench", "Bench", "admin"), hash_password(PASSWORD), "bench")
    if assessments:
        generate_assessments(store, load_questionnaire(), assessments)
    store.close()
    return path


def app(db: Path, page: str) -> AppTest:
    os.environ["IGM_DB_PATH"] = str(db)
    st.cache_data.clear()
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
    at.run()
    at.switch_page(routes.script(page)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def presenter(report: Report, db: Path, size: int) -> None:
    at = app(db, "presenter")
    at.toggle(key="pr_reveal").set_value(True).run()
    # A second connection to the app's database, in this process (DuckDB shares the open file).
    store, q, rng = Store.open(db), load_questionnaire(), random.Random(size)
    place_ids = list(store.places()["place_id"])
    at.run()
    report.figure(
        f"presenter refresh, new data (one submission), {size:,}",
        timed(lambda n: at.run(), report.runs, before=lambda n: submit_example(store, q, rng, place_ids)),
    )
    report.figure(f"presenter refresh, no new data, {size:,}", timed(lambda n: at.run(), report.runs))
    assert not at.exception, [e.value for e in at.exception]
    store.close()
    shown = int("".join(c for c in str({m.label: m.value for m in at.metric}["Respuestas"]) if c.isdigit()))
    assert shown == size + report.runs, (shown, size)  # the page read every submission


def organisers(report: Report, db: Path, size: int) -> None:
    at = app(db, "organisers")
    at.text_input(key="org_user").input("bench")
    at.text_input(key="org_password").input(PASSWORD)
    at.button[0].click().run()
    at.session_state["org_tab"] = "Resúmenes y descargas"  # only the open tab runs (since issue 22)
    at.run()
    checkbox = at.checkbox(key="org_hxl")
    report.figure(
        f"organisers page, any click, {size:,}",
        timed(lambda n: checkbox.set_value(n % 2 == 0).run(), report.runs),
    )
    assert not at.exception, [e.value for e in at.exception]


def xlsx(report: Report, db: Path, size: int) -> None:
    store = Store.open(db)
    q, t = load_questionnaire(), Translator("es")
    request = ExportRequest("region", "xlsx", hxl=True)
    report.figure(
        f"regional XLSX with HXL, in process, {size:,}",
        timed(lambda n: export_file(store, q, t, request), report.runs),
    )
    store.close()


def map_with_layer(report: Report, folder: Path, codes, shapes) -> None:
    gpkg = synthetic_layers.write_gpkg(folder / "synthetic.gpkg", codes, shapes)
    db = folder / "bench-map.duckdb"
    store = Store.open(db)
    store.load_bundled(DATA_DIR)
    args = ("MEX", "adm2", "CVEGEO", "NOMGEO", "SYNTHETIC benchmark layer", "none (generated)")
    layer = layers.import_layer(store, gpkg.read_bytes(), gpkg.name, *args).layer
    store.close()
    at = app(db, "map")
    at.multiselect(key="context_layers").set_value([layer]).run()
    assert not at.exception, [e.value for e in at.exception]
    payload = len(at.get("deck_gl_json_chart")[0].proto.json.encode())
    presets = ["today", "seminar"]

    def rerun(number: int, clear: bool) -> None:
        at.radio(key="as_of_preset@es").set_value(presets[number % 2])
        if clear:
            st.cache_data.clear()
        at.run()

    report.figure(
        "map with 2,473 synthetic municipalities, warm", timed(lambda n: rerun(n, False), report.runs)
    )
    report.figure(
        "the same, caches cleared (before: each 60 s)", timed(lambda n: rerun(n, True), report.runs)
    )
    report.text("map JSON with the layer as context", f"{payload / 1024 / 1024:.2f} MB")
    assert not at.exception, [e.value for e in at.exception]


def import_child(path: str, db: str, how: str = "file") -> None:
    """In a child process: import the file as the CLI does ("file": read where it lies) or as the
    organisers' page does ("upload": the upload's bytes, its fields listed first); print the seconds."""
    store = Store.open(db)
    store.load_bundled(DATA_DIR)
    args = ("MEX", "adm2", "CVEGEO", "NOMGEO", "SYNTHETIC benchmark layer", "none (generated)")
    data = Path(path).read_bytes() if how == "upload" else None  # Streamlit holds the upload in memory
    start = time.perf_counter()
    try:
        if how == "upload":
            boundaries.list_fields(data, Path(path).name)
            report = layers.import_layer(store, data, Path(path).name, *args)
        elif hasattr(layers, "import_layer_file"):
            report = layers.import_layer_file(store, Path(path), *args)
        else:  # the importer before issue 14 took the file's bytes
            report = layers.import_layer(store, Path(path).read_bytes(), Path(path).name, *args)
    except Exception as error:  # the refusal is the figure
        print(f"REFUSED {type(error).__name__}: {getattr(error, 'problems', error)}")
        return
    print(f"OK {time.perf_counter() - start:.3f} {report.features} {peak_memory()}")


def peak_memory() -> int:
    """This program's peak resident memory in bytes (VmHWM). Not ru_maxrss: Linux carries the parent's
    peak across the fork and exec that started this child, so that would report the benchmark's size."""
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) * 1024


def import_figure(report: Report, folder: Path, codes, shapes, how: str = "file") -> None:
    path = folder / "mun_sintetico.geojson"
    if not path.exists():
        synthetic_layers.write_inegi_like_geojson(path, codes, shapes)
    size = path.stat().st_size
    seconds, units, peaks = [], [], []
    for number in range(report.runs):
        units.append(yardstick())
        db = folder / f"import-{number}.duckdb"
        child = subprocess.Popen(
            [sys.executable, __file__, "--import-child", str(path), str(db), how],
            stdout=subprocess.PIPE,
            text=True,
        )
        out = child.communicate()[0].strip().splitlines()[-1]
        if not out.startswith("OK"):
            report.text(f"import of a {size / 1e6:.0f} MB GeoJSON", out[:200])
            return
        seconds.append(float(out.split()[1]))
        peaks.append(int(out.split()[3]))
        db.unlink()
    vertices = int(sum(len(s.exterior.coords) for s in shapes))
    what = "import" if how == "file" else "page upload: fields + import of"
    report.figure(
        f"{what} {size / 1e6:.0f} MB GeoJSON, {len(codes):,} polygons, {vertices / 1e6:.2f} M vertices",
        (seconds, units),
    )
    report.text("  its peak memory (the child process's VmHWM)", f"{max(peaks) / 2**30:.2f} GiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["presenter", "organisers", "xlsx", "map", "import", "upload"],
    )
    parser.add_argument("--import-child", nargs=3, metavar=("FILE", "DB", "HOW"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.import_child:
        import_child(*options.import_child)
        return
    if options.runs < 5:
        parser.error("a figure is the median of at least 5 runs")
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest outside a server warns on every run
    began = time.perf_counter()
    report = Report(options.runs)
    with tempfile.TemporaryDirectory(prefix="igm-bench-") as tmp:
        folder = Path(tmp)
        for size in options.sizes:
            start = time.perf_counter()
            db = database(folder, size)
            print(
                f"-- {size:,} example assessments (generated in {time.perf_counter() - start:.1f} s)",
                flush=True,
            )
            if "presenter" not in options.skip:
                presenter(report, db, size)
            if "organisers" not in options.skip:
                organisers(report, db, size)
            if "xlsx" not in options.skip:
                xlsx(report, db, size)
            db.unlink()
        codes, shapes = synthetic_layers.polygons()
        if "map" not in options.skip:
            print("-- map and import with a SYNTHETIC layer of Mexico's size", flush=True)
            map_with_layer(report, folder, codes, shapes)
        if "import" not in options.skip:
            import_figure(report, folder, codes, shapes)
        if "upload" not in options.skip:
            import_figure(report, folder, codes, shapes, how="upload")
    report.end(began)


if __name__ == "__main__":
    main()
