"""Reading incoming files: the one place where a file's bytes become rows of text to check.

Every import goes through here (results, Kobo/ODK submissions, the places catalogue and the other
bundled CSV files, boundary layers), and so does every file a later import brings:

- `envelope`: what a file must be before it is opened (extension, empty, size; a zip's members that
  would inflate far beyond the file, for a workbook or a zipped Shapefile);
- `text`: a text file's bytes as text (UTF-8, Excel's Windows-1252, stray bytes named by row and column);
- `tables`: a CSV or a workbook's sheet as a header and numbered rows of trimmed text (calamine reads
  workbooks), and the cell helpers;
- `fields`: a table's columns declared as data (`Field`) and checked by one loop (`check_rows`).

Faults are `validation.Problem`s with catalogue keys, raised together as a `DataFileError`.
"""

from indicators.reader.envelope import check_envelope, extract_within, megabytes, workbook_size_problem
from indicators.reader.fields import Field, Row, check_rows, columns_of, extra_values, is_web_url
from indicators.reader.tables import (
    Table,
    Workbook,
    cell_text,
    header_only,
    read_bundled_csv,
    read_csv,
    read_table,
    shown,
)
from indicators.reader.text import decode_text

__all__ = [
    "Field",
    "Row",
    "Table",
    "Workbook",
    "cell_text",
    "check_envelope",
    "check_rows",
    "columns_of",
    "decode_text",
    "extra_values",
    "extract_within",
    "header_only",
    "is_web_url",
    "megabytes",
    "read_bundled_csv",
    "read_csv",
    "read_table",
    "shown",
    "workbook_size_problem",
]
