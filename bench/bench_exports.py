"""Benchmark of the exports: a local government's one-page PDF and the regional XLSX, on 5,000 assessments.

Run from the repository root:  .venv/bin/python bench/bench_exports.py

Uses a temporary DuckDB file (never the repository's data/) filled with example assessments generated
by indicators/demo.py (flagged is_example, as everywhere). Each time is export_file end to end, as a
download costs it: the query of the submitted answers, the summary, and the file's bytes.
Targets from the issue: a local government's PDF in under 1 s, the regional XLSX in under 2 s.
Every time is printed with the CPU yardstick Y and the load average (bench/yardstick.py).
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from yardstick import Report, yardstick

from indicators.config import DATA_DIR
from indicators.demo import generate_assessments
from indicators.exports import ExportRequest, export_file
from indicators.i18n import Translator
from indicators.questionnaire import load_questionnaire
from indicators.store import Store

ASSESSMENTS = 5_000
PDF_ROUNDS = 10
XLSX_ROUNDS = 5
REGION_PDF_ROUNDS = 5
PDF_TARGET_S = 1.0
XLSX_TARGET_S = 2.0


def timed_exports(store, q, t, requests: list[ExportRequest]) -> tuple[list[float], list[float], int]:
    """(seconds of each export, the yardstick right before each, the largest file's bytes)."""
    times, units, size = [], [], 0
    for request in requests:
        units.append(yardstick())
        start = time.perf_counter()
        content = export_file(store, q, t, request)
        times.append(time.perf_counter() - start)
        size = max(size, len(content))
    return times, units, size


def verdict(seconds: float, target: float) -> str:
    return "OK" if seconds < target else "OVER"


def main() -> None:
    began = time.perf_counter()
    report = Report(title=f"bench_exports: export_file on {ASSESSMENTS:,} example assessments")
    q = load_questionnaire()
    t = Translator("es")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.duckdb")
        store.load_bundled(DATA_DIR)
        start = time.perf_counter()
        generate_assessments(store, q, ASSESSMENTS)
        report.text(f"{ASSESSMENTS:,} example assessments generated", f"{time.perf_counter() - start:.1f} s")
        answered = list(store.submitted_answers()["place_id"].value_counts().index)

        places = [answered[n % len(answered)] for n in range(PDF_ROUNDS)]
        times, units, size = timed_exports(
            store, q, t, [ExportRequest("local_government", "pdf", place_id=p) for p in places]
        )
        report.figure(
            f"local government PDF ({len(answered)} places, ~{ASSESSMENTS // len(answered)} each)",
            (times, units),
            note=f" {size // 1024} KB; target < {PDF_TARGET_S:.0f} s:"
            f" {verdict(statistics.median(times), PDF_TARGET_S)}",
        )
        times, units, size = timed_exports(
            store, q, t, [ExportRequest("region", "xlsx", hxl=True)] * XLSX_ROUNDS
        )
        report.figure(
            "regional XLSX with HXL",
            (times, units),
            note=f" {size // 1024} KB; target < {XLSX_TARGET_S:.0f} s:"
            f" {verdict(statistics.median(times), XLSX_TARGET_S)}",
        )
        times, units, size = timed_exports(store, q, t, [ExportRequest("region", "pdf")] * REGION_PDF_ROUNDS)
        report.figure("regional PDF", (times, units), note=f" {size // 1024} KB (no target)")
        store.close()
    report.end(began)


if __name__ == "__main__":
    main()
