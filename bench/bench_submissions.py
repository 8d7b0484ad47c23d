"""Benchmark of answering offline: importing 5,000 Kobo submissions, importing them again, a paper form.

Run from the repository root:  .venv/bin/python bench/bench_submissions.py

The export is built the way the tests build theirs (tests/form_exports.py): the app's XLSForm through
pyxform, answers drawn from the form's own choice lists, in KoboToolbox's CSV layout (";" and group
paths) and its XLSX layout. It goes into a temporary DuckDB file (never the repository's data/).
Each import is `import_submissions` end to end, as the organisers' page and the CLI run it: reading
and checking the whole file, comparing with what was imported before, and writing in one transaction.
Targets from the issue: 5,000 submissions in 10 s or less, the same file again (all duplicates) in
3 s or less, a paper form in 1 s or less.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indicators.config import DATA_DIR
from indicators.i18n import Translator
from indicators.paper_form import paper_form_pdf
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from indicators.submissions import import_submissions
from tests.form_exports import Row, answers, build_form, kobo_csv, kobo_xlsx

SUBMISSIONS = 5_000
PAPER_ROUNDS = 5
IMPORT_TARGET_S, REIMPORT_TARGET_S, PAPER_TARGET_S = 10.0, 3.0, 1.0


def verdict(seconds: float, target: float) -> str:
    return "OK" if seconds <= target else "OVER"


class Timing:
    """Wall-clock and CPU seconds: on a shared machine the wall clock also counts other people's work."""

    def __init__(self, wall: float, cpu: float):
        self.wall, self.cpu = wall, cpu

    def __str__(self) -> str:
        return f"{self.wall:.2f} s (CPU {self.cpu:.2f} s)"


def timed(work):
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu), result


def timed_import(store, data: bytes, name: str, q, t):
    return timed(
        lambda: import_submissions(store, data, name, q, lambda i: t("offline.history_author", id=i))
    )


def main() -> None:
    q = load_questionnaire()
    t = Translator("es")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.duckdb")
        store.load_bundled(DATA_DIR)
        places = store.places(igm_only=False)
        form = build_form(q, places, store.countries())
        pairs = list(zip(places["place_id"], places["country"], strict=True))
        rows = [
            Row(answers(form, *pairs[i % len(pairs)], seed=i, anonymous=i % 3 != 0))
            for i in range(SUBMISSIONS)
        ]
        csv_data, xlsx_data = kobo_csv(form, rows), kobo_xlsx(form, rows)
        first, report = timed_import(store, csv_data, "kobo.csv", q, t)
        assert report.new == SUBMISSIONS, report
        again, report = timed_import(store, csv_data, "kobo.csv", q, t)
        assert report.duplicates == SUBMISSIONS, report
        xlsx_again, report = timed_import(store, xlsx_data, "kobo.xlsx", q, t)
        assert report.duplicates == SUBMISSIONS, report
        store.close()

        store = Store.open(Path(tmp) / "bench-xlsx.duckdb")
        store.load_bundled(DATA_DIR)
        xlsx_first, report = timed_import(store, xlsx_data, "kobo.xlsx", q, t)
        assert report.new == SUBMISSIONS, report
        store.close()

    paper = [timed(lambda: paper_form_pdf(q, t, "Danlí", "Honduras")) for _ in range(PAPER_ROUNDS)]
    pdf = paper[0][1]
    paper_median = Timing(
        statistics.median(p.wall for p, _ in paper), statistics.median(p.cpu for p, _ in paper)
    )

    size = len(csv_data) / 1024 / 1024
    print(
        f"{SUBMISSIONS} submissions, Kobo CSV of {size:.1f} MB, XLSX of {len(xlsx_data) / 1024 / 1024:.1f} MB"
    )
    print(f"machine load average over the last minute: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"import of {SUBMISSIONS} (CSV): {first} "
        f"(target <= {IMPORT_TARGET_S:.0f} s: {verdict(first.wall, IMPORT_TARGET_S)})"
    )
    print(
        f"same file again, all duplicates (CSV): {again} "
        f"(target <= {REIMPORT_TARGET_S:.0f} s: {verdict(again.wall, REIMPORT_TARGET_S)})"
    )
    print(f"import of {SUBMISSIONS} (XLSX): {xlsx_first}; again, all duplicates: {xlsx_again}")
    print(
        f"paper form PDF, median of {PAPER_ROUNDS}: {paper_median}, {len(pdf) // 1024} KB "
        f"(target <= {PAPER_TARGET_S:.0f} s: {verdict(paper_median.wall, PAPER_TARGET_S)})"
    )


if __name__ == "__main__":
    main()
