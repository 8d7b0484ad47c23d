"""Benchmark of the exports: a local government's one-page PDF and the regional XLSX, on 5,000 assessments.

Run from the repository root:  .venv/bin/python bench/bench_exports.py

Uses a temporary DuckDB file (never the repository's data/) filled with example assessments generated
by indicators/demo.py (flagged is_example, as everywhere). Each time is export_file end to end, as a
download costs it: the query of the submitted answers, the summary, and the file's bytes.
Targets from the issue: a local government's PDF in under 1 s, the regional XLSX in under 2 s.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indicators.config import DATA_DIR
from indicators.demo import generate_assessments
from indicators.exports import ExportRequest, export_file
from indicators.i18n import Translator
from indicators.questionnaire import load_questionnaire
from indicators.store import Store

ASSESSMENTS = 5_000
PDF_ROUNDS = 10
XLSX_ROUNDS = 5
PDF_TARGET_S = 1.0
XLSX_TARGET_S = 2.0


def timed(store, q, t, request: ExportRequest) -> tuple[float, int]:
    start = time.perf_counter()
    content = export_file(store, q, t, request)
    return time.perf_counter() - start, len(content)


def verdict(seconds: float, target: float) -> str:
    return "OK" if seconds < target else "OVER"


def main() -> None:
    q = load_questionnaire()
    t = Translator("es")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.duckdb")
        store.load_bundled(DATA_DIR)
        start = time.perf_counter()
        generate_assessments(store, q, ASSESSMENTS)
        generated = time.perf_counter() - start
        answered = list(store.submitted_answers()["place_id"].value_counts().index)

        pdf_times, pdf_sizes = [], []
        for n in range(PDF_ROUNDS):
            place_id = answered[n % len(answered)]
            seconds, size = timed(store, q, t, ExportRequest("local_government", "pdf", place_id=place_id))
            pdf_times.append(seconds)
            pdf_sizes.append(size)
        xlsx = [timed(store, q, t, ExportRequest("region", "xlsx", hxl=True)) for _ in range(XLSX_ROUNDS)]
        region_pdf = timed(store, q, t, ExportRequest("region", "pdf"))
        store.close()

    pdf_median = statistics.median(pdf_times)
    xlsx_median = statistics.median(s for s, _ in xlsx)
    print(f"{ASSESSMENTS} example assessments generated in {generated:.1f} s")
    print(
        f"local government PDF, median of {PDF_ROUNDS} ({len(answered)} places, about "
        f"{ASSESSMENTS // len(answered)} assessments each): {pdf_median:.3f} s, {max(pdf_sizes) // 1024} KB "
        f"(target < {PDF_TARGET_S:.0f} s: {verdict(pdf_median, PDF_TARGET_S)})"
    )
    print(
        f"regional XLSX with HXL, median of {XLSX_ROUNDS}: {xlsx_median:.3f} s, {xlsx[0][1] // 1024} KB "
        f"(target < {XLSX_TARGET_S:.0f} s: {verdict(xlsx_median, XLSX_TARGET_S)})"
    )
    print(f"regional PDF, once: {region_pdf[0]:.3f} s, {region_pdf[1] // 1024} KB (no target)")


if __name__ == "__main__":
    main()
