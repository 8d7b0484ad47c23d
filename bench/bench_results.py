"""Benchmark of reading a local IGM results file: 5,000 indicator answers as CSV and as XLSX.

Run from the repository root:  .venv/bin/python bench/bench_results.py

The files are generated here (every answer of every indicator code "1.1" … for the bundled places,
cycling through the answers and domains), written as a UTF-8 CSV and as a workbook with an "answers"
sheet (openpyxl, as the template the organisers download). Each figure is `read_results` on the
file's bytes: reading, checking every row and building the tables the store would write (the store's
write is not timed: it is the same whatever reads the file). Median of 5, with the CPU yardstick Y
and the load average (bench/yardstick.py).
"""

import csv
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from openpyxl import Workbook
from yardstick import Report, timed

from indicators.config import DATA_DIR
from indicators.framework import load_framework
from indicators.results import ANSWERS, ANSWERS_COLUMNS, read_results
from indicators.store import Store

ROWS = 5_000
RUNS = 5


def answer_rows(place_ids: list[str], domains: list[str]) -> list[list[str]]:
    """ROWS distinct (place, indicator code) answers, every column filled as a report would."""
    rows = []
    for number in range(ROWS):
        place = place_ids[number % len(place_ids)]
        code = f"{number % 6 + 1}.{number // len(place_ids) + 1}"
        domain = domains[number % 6]
        rows.append(
            [place, code, domain, "", f"¿Existe el indicador {code}?", ANSWERS[number % 5], "Perfil IGM"]
        )
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows([list(ANSWERS_COLUMNS), *rows])
    return text.getvalue().encode("utf-8-sig")


def as_xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "answers"
    sheet.append(list(ANSWERS_COLUMNS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    began = time.perf_counter()
    report = Report(runs=RUNS, title=f"bench_results: reading {ROWS:,} indicator answers")
    framework = load_framework()
    store = Store.open(":memory:")
    store.load_bundled(DATA_DIR)
    place_ids = list(store.places(igm_only=False)["place_id"])
    store.close()
    known = set(place_ids)
    rows = answer_rows(place_ids, list(framework.domains.index))
    csv_data, xlsx_data = as_csv(rows), as_xlsx(rows)
    sizes = f"CSV of {len(csv_data) // 1024} KB, XLSX of {len(xlsx_data) // 1024} KB"
    report.text(f"{ROWS:,} answers", sizes)
    for what, data, name in (("CSV", csv_data, "results.csv"), ("XLSX", xlsx_data, "results.xlsx")):
        checked = read_results(data, name, framework, known)
        assert len(checked.answers) == ROWS, len(checked.answers)
        report.figure(
            f"read_results, {ROWS:,} answers ({what})",
            timed(lambda n, data=data, name=name: read_results(data, name, framework, known), RUNS),
        )
    report.end(began)


if __name__ == "__main__":
    main()
