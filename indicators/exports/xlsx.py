"""Spreadsheets: the priority summaries (a sheet per scope, then the data dictionary) and the consultation.

Summary layout readers rely on: row 1 is the title, row 2 the EXAMPLE banner (empty when there is
none), row 3 the headers, row 4 the HXL hashtags when asked for, data below. Text cells are typed
as text, so free text starting with "=" is never run as a formula.
"""

import datetime as dt
import io
import math

import pandas as pd
import xlsxwriter

from indicators.exports.csv import inert
from indicators.exports.errors import NothingToExport
from indicators.exports.tables import (
    BANNER_COLOUR,
    COLUMNS,
    MEANS,
    Names,
    banner,
    columns_for,
    export_table,
    scope_counts,
)
from indicators.i18n import Translator
from indicators.questionnaire import Questionnaire
from indicators.summary import SCOPES

# XlsxWriter counts rows and columns from 0: the title is row 1 in a spreadsheet.
TITLE_ROW, BANNER_ROW, HEADER_ROW, HXL_ROW = 0, 1, 2, 3
WRAPPED_COLUMNS = ("actions", "gcm", "sdg", "area", "theme")


def _workbook(buffer: io.BytesIO) -> xlsxwriter.Workbook:
    # XlsxWriter writes a workbook several times faster than openpyxl (issue 14). Text is only
    # ever written with write_string, so nothing becomes a formula or a link.
    return xlsxwriter.Workbook(buffer, {"in_memory": True})


def _formats(book: xlsxwriter.Workbook) -> dict:
    top = {"text_wrap": True, "valign": "top"}
    return {
        "title": book.add_format({"bold": True, "font_size": 12}),
        "banner": book.add_format(
            {"bold": True, "font_color": "#FFFFFF", "font_size": 12, "bg_color": BANNER_COLOUR}
        ),
        "banner_fill": book.add_format({"bg_color": BANNER_COLOUR}),
        "header": book.add_format({"bold": True, "bg_color": "#E8E8E8", **top}),
        "hxl": book.add_format({"italic": True, "font_color": "#666666"}),
        "decimal": book.add_format({"num_format": "0.00"}),
        "wrapped": book.add_format(top),
        "bold": book.add_format({"bold": True}),
    }


def _write(ws, row: int, column: int, value, style=None) -> None:
    """A value as a number or as typed text, never a formula, even when a respondent's text starts
    with "="."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(row, column, None, style)  # an empty cell (kept only when it has a style)
    elif isinstance(value, str):
        ws.write_string(row, column, value, style)
    elif isinstance(value, bool):
        ws.write_boolean(row, column, value, style)
    else:
        ws.write_number(row, column, value, style)


def _sheet_top(ws, formats: dict, title: str, banner: str, width: int) -> None:
    ws.write_string(TITLE_ROW, 0, title, formats["title"])
    if banner:
        for column in range(1, max(width, 1)):
            ws.write_blank(BANNER_ROW, column, None, formats["banner_fill"])
        ws.write_string(BANNER_ROW, 0, banner, formats["banner"])


def _header_row(ws, formats: dict, headers: list[str], tags: list[str] | None) -> int:
    """Headers (and HXL tags below them); returns the first data row."""
    for column, header in enumerate(headers):
        ws.write_string(HEADER_ROW, column, header, formats["header"])
    if tags is None:
        return HEADER_ROW + 1
    for column, tag in enumerate(tags):
        ws.write_string(HXL_ROW, column, tag, formats["hxl"])
    return HXL_ROW + 1


def export_xlsx(
    summaries: dict[str, pd.DataFrame],
    q: Questionnaire,
    t: Translator,
    names: Names,
    hxl: bool = False,
    today: dt.date | None = None,
    boundary_sources: pd.DataFrame | None = None,
    more_sheets=None,
    round_note: str = "",
) -> bytes:
    """One sheet per scope in `summaries` (local_government, country, region), then the data
    dictionary, which ends with the source and licence of every boundary layer the app's map draws.
    `more_sheets(book, formats)`, when given, adds the follow-up's sheets before the dictionary;
    `round_note` says in each sheet's title whose round the answers are."""
    present = {level: s for level, s in summaries.items() if not s.empty}
    if not present and more_sheets is None:
        raise NothingToExport()
    generated = t("export.generated", date=t.long_date(today or dt.date.today()))
    # Each assessment is in exactly one group of every scope, so any scope gives the same counts.
    examples, total = scope_counts(next(iter(present.values()))) if present else (0, 0)
    banner_text = banner(t, examples, total)
    buffer = io.BytesIO()
    book = _workbook(buffer)
    formats = _formats(book)
    for level in SCOPES:
        if level not in present:
            continue
        columns = columns_for(level)
        table = export_table(present[level], q, t, names)
        ws = book.add_worksheet(t(f"export.sheet_{level}")[:31])
        title = " · ".join(
            [t("app.name"), t(f"export.title_{level}"), generated, t("export.assessments", count=total)]
            + ([round_note] if round_note else [])
        )
        _sheet_top(ws, formats, title, banner_text, len(columns))
        first = _header_row(
            ws,
            formats,
            [t(f"export.col_{c.key}") for c in columns],
            [c.hxl for c in columns] if hxl else None,
        )
        for number, column in enumerate(columns):
            style = formats["decimal"] if column.key in MEANS else None
            style = formats["wrapped"] if column.key in WRAPPED_COLUMNS else style
            for row, value in enumerate(table[column.key].tolist(), first):
                _write(ws, row, number, value, style)
            ws.set_column(number, number, column.width)
        ws.freeze_panes(first, 0)
    if more_sheets is not None:
        more_sheets(book, formats)
    ws, last = _dictionary_sheet(
        book, formats, [level for level in SCOPES if level in present], t, banner_text, generated, hxl
    )
    if boundary_sources is not None and not boundary_sources.empty:
        row = last + 2
        ws.write_string(row, 0, t("export.boundary_sources"), formats["bold"])
        for source in boundary_sources.itertuples():
            row += 1
            ws.write_string(row, 0, inert(source.title))
            ws.write_string(row, 1, inert(f"{source.licence} · {source.url or ''}".rstrip(" ·")))
    book.close()
    return buffer.getvalue()


def _dictionary_sheet(
    book, formats: dict, scopes: list[str], t: Translator, banner_text: str, generated: str, hxl: bool
):
    """The data dictionary sheet, and the last row written on it."""
    ws = book.add_worksheet(t("export.sheet_dictionary")[:31])
    headers = [
        t("export.dict_column"),
        *([t("export.dict_hxl")] if hxl else []),
        t("export.dict_description"),
    ]
    title = " · ".join([t("app.name"), t("export.sheet_dictionary"), generated])
    _sheet_top(ws, formats, title, banner_text, len(headers))
    row = _header_row(ws, formats, headers, None)
    for column in COLUMNS:
        if not any(scope in column.scopes for scope in scopes):
            continue
        values = [
            t(f"export.col_{column.key}"),
            *([column.hxl] if hxl else []),
            t(f"export.about_{column.key}"),
        ]
        for number, value in enumerate(values):
            ws.write_string(row, number, value, formats["wrapped"])
        row += 1
    row += 1
    ws.write_string(row, 0, t("export.formula_title"), formats["bold"])
    for key in ("formula_need", "formula_points", "formula_index", "formula_ties", "not_ranking"):
        row += 1
        ws.write_string(row, 0, t(f"export.{key}"))
    if hxl:
        row += 2
        ws.write_string(row, 0, t("export.dict_hxl_note"))
    widths = [28, *([22] if hxl else []), 90]
    for number, width in enumerate(widths):
        ws.set_column(number, number, width)
    return ws, row


def consultation_xlsx(tables: dict[str, pd.DataFrame], t: Translator, today: dt.date) -> bytes:
    """One sheet per table of `consultation_tables`: a title row, the headers, the rows."""
    title = t("consult.results_title")
    buffer = io.BytesIO()
    book = _workbook(buffer)
    for key, table in tables.items():
        ws = book.add_worksheet(t(f"consult.sheet_{key}")[:31])
        ws.write_string(0, 0, title)
        ws.write_string(0, 1, t("export.generated", date=t.long_date(today)))
        for column, header in enumerate(table.columns):
            ws.write_string(1, column, str(header))
        for row, values in enumerate(table.itertuples(index=False), 2):
            for column, value in enumerate(values):
                _write(ws, row, column, inert(value))
    book.close()
    return buffer.getvalue()
