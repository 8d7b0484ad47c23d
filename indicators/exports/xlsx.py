"""Spreadsheets: the priority summaries (a sheet per scope, then the data dictionary) and the consultation.

Summary layout readers rely on: row 1 is the title, row 2 the EXAMPLE banner (empty when there is
none), row 3 the headers, row 4 the HXL hashtags when asked for, data below. Text cells are typed
as text, so free text starting with "=" is never run as a formula.
"""

import datetime as dt
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from indicators.exports.csv import inert
from indicators.exports.errors import NothingToExport
from indicators.exports.tables import (
    BANNER_COLOUR,
    COLUMNS,
    Names,
    banner,
    columns_for,
    export_table,
    scope_counts,
)
from indicators.i18n import Translator
from indicators.questionnaire import Questionnaire
from indicators.summary import SCOPES

TITLE_ROW, BANNER_ROW, HEADER_ROW, HXL_ROW = 1, 2, 3, 4
BANNER_FILL = PatternFill("solid", fgColor=BANNER_COLOUR.lstrip("#"))
HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
DECIMAL_FORMAT = "0.00"


def _sheet_top(ws, title: str, banner: str, width: int) -> None:
    ws.cell(TITLE_ROW, 1, title).font = Font(bold=True, size=12)
    if banner:
        for column in range(1, max(width, 1) + 1):
            ws.cell(BANNER_ROW, column).fill = BANNER_FILL
        ws.cell(BANNER_ROW, 1, banner).font = Font(bold=True, color="FFFFFF", size=12)


def _header_row(ws, headers: list[str], tags: list[str] | None) -> int:
    """Headers (and HXL tags below them); returns the first data row."""
    for number, header in enumerate(headers, 1):
        cell = ws.cell(HEADER_ROW, number, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if tags is None:
        return HEADER_ROW + 1
    for number, tag in enumerate(tags, 1):
        ws.cell(HXL_ROW, number, tag).font = Font(italic=True, color="666666")
    return HXL_ROW + 1


def export_xlsx(
    summaries: dict[str, pd.DataFrame],
    q: Questionnaire,
    t: Translator,
    names: Names,
    hxl: bool = False,
    today: dt.date | None = None,
    boundary_sources: pd.DataFrame | None = None,
) -> bytes:
    """One sheet per scope in `summaries` (local_government, country, region), then the data
    dictionary, which ends with the source and licence of every boundary layer the app's map draws."""
    present = {level: s for level, s in summaries.items() if not s.empty}
    if not present:
        raise NothingToExport()
    generated = t("export.generated", date=t.long_date(today or dt.date.today()))
    # Each assessment is in exactly one group of every scope, so any scope gives the same counts.
    examples, total = scope_counts(next(iter(present.values())))
    banner_text = banner(t, examples, total)
    book = Workbook()
    book.remove(book.active)
    for level in SCOPES:
        if level not in present:
            continue
        columns = columns_for(level)
        table = export_table(present[level], q, t, names)
        ws = book.create_sheet(t(f"export.sheet_{level}")[:31])
        title = " · ".join(
            [t("app.name"), t(f"export.title_{level}"), generated, t("export.assessments", count=total)]
        )
        _sheet_top(ws, title, banner_text, len(columns))
        first = _header_row(
            ws, [t(f"export.col_{c.key}") for c in columns], [c.hxl for c in columns] if hxl else None
        )
        for offset, values in enumerate(table.itertuples(index=False)):
            for number, (column, value) in enumerate(zip(columns, values, strict=True), 1):
                cell = ws.cell(first + offset, number, value)
                if isinstance(value, str):
                    # Typed text, never a formula, even when a respondent's action starts with "=".
                    cell.data_type = "s"
                if column.key in ("index", "capacity", "priority"):
                    cell.number_format = DECIMAL_FORMAT
                elif column.key in ("actions", "gcm", "sdg", "area", "theme"):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for number, column in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(number)].width = column.width
        ws.freeze_panes = ws.cell(first, 1)
    ws = _dictionary_sheet(
        book, [level for level in SCOPES if level in present], t, banner_text, generated, hxl
    )
    if boundary_sources is not None and not boundary_sources.empty:
        row = ws.max_row + 2
        ws.cell(row, 1, t("export.boundary_sources")).font = Font(bold=True)
        for source in boundary_sources.itertuples():
            row += 1
            ws.cell(row, 1, inert(source.title))
            ws.cell(row, 2, inert(f"{source.licence} · {source.url or ''}".rstrip(" ·")))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _dictionary_sheet(book, scopes: list[str], t: Translator, banner_text: str, generated: str, hxl: bool):
    ws = book.create_sheet(t("export.sheet_dictionary")[:31])
    headers = [
        t("export.dict_column"),
        *([t("export.dict_hxl")] if hxl else []),
        t("export.dict_description"),
    ]
    _sheet_top(
        ws, " · ".join([t("app.name"), t("export.sheet_dictionary"), generated]), banner_text, len(headers)
    )
    row = _header_row(ws, headers, None)
    for column in COLUMNS:
        if not any(scope in column.scopes for scope in scopes):
            continue
        values = [
            t(f"export.col_{column.key}"),
            *([column.hxl] if hxl else []),
            t(f"export.about_{column.key}"),
        ]
        for number, value in enumerate(values, 1):
            ws.cell(row, number, value).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    row += 1
    ws.cell(row, 1, t("export.formula_title")).font = Font(bold=True)
    for key in ("formula_need", "formula_points", "formula_index", "formula_ties", "not_ranking"):
        row += 1
        ws.cell(row, 1, t(f"export.{key}"))
    if hxl:
        row += 2
        ws.cell(row, 1, t("export.dict_hxl_note"))
    widths = [28, *([22] if hxl else []), 90]
    for number, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(number)].width = width
    return ws


def consultation_xlsx(tables: dict[str, pd.DataFrame], t: Translator, today: dt.date) -> bytes:
    """One sheet per table of `consultation_tables`: a title row, the headers, the rows."""
    title = t("consult.results_title")
    book = Workbook()
    book.remove(book.active)
    for key, table in tables.items():
        ws = book.create_sheet(t(f"consult.sheet_{key}")[:31])
        ws.append([title, t("export.generated", date=t.long_date(today))])
        ws.append(list(table.columns))
        for row in table.itertuples(index=False):
            ws.append([inert(v) if isinstance(v, str) else (None if pd.isna(v) else v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
