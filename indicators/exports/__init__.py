"""Every downloadable file: priority summaries as CSV, XLSX (with HXL tags) and PDF, and the
seminar consultation's results.

`request.py` is the way in: it checks an `ExportRequest` once (`check_request`), reads the store
and hands tables to the writers, which take tables and return bytes: `csv.py` (the one CSV writer),
`xlsx.py`, `pdf.py` (page layout) and `reports.py` (the PDF reports). `tables.py` is the table every
summary format shares. All summaries come from summary.stored_priority_summary (aggregated in
DuckDB), so a file says exactly what the pages say. Example data is never silent: a CSV's first
line, a banner row on every sheet and a banner on every PDF page say so, and every table carries
the number of example assessments behind each row. An empty scope raises NothingToExport instead of
producing an empty file.
"""

from indicators.exports.csv import export_csv
from indicators.exports.errors import ExportError, FontMissing, NoConsultationAnswers, NothingToExport
from indicators.exports.reports import export_pdf_municipality, export_pdf_region
from indicators.exports.request import (
    FORMATS,
    ExportRequest,
    check_request,
    consultation_file,
    export_consultation,
    export_file,
)
from indicators.exports.tables import COLUMNS, Names
from indicators.exports.xlsx import export_xlsx

__all__ = [
    "COLUMNS",
    "FORMATS",
    "ExportError",
    "ExportRequest",
    "FontMissing",
    "Names",
    "NoConsultationAnswers",
    "NothingToExport",
    "check_request",
    "consultation_file",
    "export_consultation",
    "export_csv",
    "export_file",
    "export_pdf_municipality",
    "export_pdf_region",
    "export_xlsx",
]
