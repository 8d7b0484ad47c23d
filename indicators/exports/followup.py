"""The follow-up's tables and where they go in files: the change between two rounds, the commitments
(status counts per round table and per GCM objective, the overdue ones, the full list), as CSV, as
sheets of the summaries' workbook and as pages of their PDF. Tables in, bytes or drawing out; the
store is read by round_request.py.

Example data is never silent: a banner says how many commitments or assessments are generated.
"""

import datetime as dt
import io

import pandas as pd
import xlsxwriter

from indicators.commitments import STATUSES, is_overdue
from indicators.exports.csv import write_csv
from indicators.exports.tables import BANNER_COLOUR, DECIMALS, Names
from indicators.i18n import Translator
from indicators.questionnaire import Questionnaire
from indicators.rounds import round_name

# The full list of commitments: its columns (header "commitments.col_<key>").
LIST_COLUMNS = (
    "commitment_id",
    "place_id",
    "place",
    "country",
    "round",
    "theme",
    "area",
    "gcm",
    "action",
    "office",
    "due_date",
    "status",
    "status_name",
    "overdue",
    "note",
    "evidence_url",
    "withdrawn",
    "is_example",
    "updated_at",
)
OVERDUE_COLUMNS = ("country", "place", "area", "action", "office", "due_date", "status_name", "round")


def _yes(t: Translator, value) -> str:
    return t("commitments.yes") if bool(value) else t("commitments.no")


def _date(value) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def commitments_table(
    found: pd.DataFrame,
    q: Questionnaire,
    t: Translator,
    names: Names,
    rounds: pd.DataFrame,
    today: dt.date,
    columns: tuple[str, ...] = LIST_COLUMNS,
) -> pd.DataFrame:
    """Commitments as a reader sees them: names, the area's round table and GCM objectives, dates as
    YYYY-MM-DD, translated headers."""
    lang = t.language
    areas = q.area_by_key
    overdue = is_overdue(found, today) if len(found) else pd.Series(dtype=bool)
    values = {
        "commitment_id": found["commitment_id"],
        "place_id": found["place_id"],
        "place": [names.place(p) for p in found["place_id"]],
        "country": [names.country(c) for c in found["country"]],
        "round": [round_name(rounds, k, lang) for k in found["round_key"]],
        "theme": [q.themes[areas[k].theme][lang] if k in areas else "" for k in found["area_key"]],
        "area": [areas[k].name[lang] if k in areas else k for k in found["area_key"]],
        "gcm": [", ".join(str(n) for n in areas[k].gcm) if k in areas else "" for k in found["area_key"]],
        "action": found["action"],
        "office": found["office"].fillna(""),
        "due_date": [_date(d) for d in found["due_date"]],
        "status": found["status"],
        "status_name": [t(f"commitments.status_{s}") for s in found["status"]],
        "overdue": [_yes(t, v) for v in overdue],
        "note": found["note"].fillna(""),
        "evidence_url": found["evidence_url"].fillna(""),
        "withdrawn": [_yes(t, v) for v in found["withdrawn"]],
        "is_example": [_yes(t, v) for v in found["is_example"]],
        "updated_at": [pd.Timestamp(v).strftime("%Y-%m-%d %H:%M") for v in found["updated_at"]],
    }
    table = pd.DataFrame({key: list(values[key]) for key in columns}, columns=list(columns))
    table.columns = [t(f"commitments.col_{key}") for key in columns]
    return table


def examples_banner(t: Translator, found: pd.DataFrame) -> str:
    examples = int(found["is_example"].sum()) if len(found) else 0
    return t("commitments.banner", count=examples, total=len(found)) if examples else ""


def commitments_csv(
    found: pd.DataFrame,
    q: Questionnaire,
    t: Translator,
    names: Names,
    rounds: pd.DataFrame,
    today: dt.date | None = None,
) -> bytes:
    """The list of commitments (`commitments list`, the organisers' download)."""
    today = today or dt.date.today()
    comment = [
        examples_banner(t, found),
        t("app.name"),
        t("commitments.title"),
        t("export.generated", date=t.long_date(today)),
        t("commitments.count", count=len(found)),
    ]
    return write_csv(commitments_table(found, q, t, names, rounds, today), comment)


def describe_change(change: dict, t: Translator) -> str:
    """One row of a commitment's history in words: what changed, to what."""
    parts = []
    for field in str(change["fields"]).split(","):
        if not field:
            continue
        value = change.get(field)
        if field == "status":
            shown = t(f"commitments.status_{value}")
        elif field == "withdrawn":
            parts.append(t("commitments.change_withdrawn" if value else "commitments.change_back"))
            continue
        elif field == "due_date":
            shown = _date(value) or "—"
        else:
            shown = "—" if value is None or (isinstance(value, float) and pd.isna(value)) else f"«{value}»"
        parts.append(f"{t(f'commitments.col_{field}')}: {shown}")
    return "; ".join(parts) or t("commitments.change_none")


def status_table(counts: pd.DataFrame, q: Questionnaire, t: Translator, rounds: pd.DataFrame, by: str):
    """commitments.status_counts with names and translated headers."""
    lang = t.language
    table = pd.DataFrame()
    table[t("commitments.col_round")] = [round_name(rounds, k, lang) for k in counts["round_key"]]
    if by == "theme":
        groups = [q.themes[k][lang] for k in counts["theme"]]
    else:
        groups = [f"{n}. {q.objectives.loc[n, f'short_{lang}']}" for n in counts["gcm"]]
    table[t(f"commitments.col_{'theme' if by == 'theme' else 'objective'}")] = groups
    for status in (*STATUSES, "total"):
        table[t(f"commitments.status_{status}")] = counts[status].astype(int).tolist()
    return table


def change_table(change: pd.DataFrame, q: Questionnaire, t: Translator, before: str, after: str):
    """rounds.area_change with names, means rounded, translated headers naming both rounds."""
    lang = t.language
    table = pd.DataFrame()
    table[t("commitments.col_theme")] = [q.themes[k][lang] for k in change["theme"]]
    table[t("change.col_area_key")] = change["area_key"]
    table[t("commitments.col_area")] = [q.area_by_key[k].name[lang] for k in change["area_key"]]
    for measure in ("capacity", "priority"):
        table[t(f"change.col_{measure}", round=before)] = change[f"{measure}_before"].round(DECIMALS)
        table[t(f"change.col_{measure}", round=after)] = change[f"{measure}_after"].round(DECIMALS)
        table[t(f"change.col_{measure}_change")] = change[f"{measure}_change"].round(DECIMALS)
    table[t("change.col_places")] = change["places"].astype(int)
    return table


def change_note(t: Translator, places: int, before: str, after: str) -> str:
    return t("change.note", count=places, before=before, after=after)


def change_csv(
    change: pd.DataFrame,
    places: int,
    examples: tuple[int, int],
    q: Questionnaire,
    t: Translator,
    names: tuple[str, str],
    today: dt.date | None = None,
) -> bytes:
    """The change between two rounds as CSV; `examples` = (example, all) assessments behind it."""
    before, after = names
    banner = t("export.banner", count=examples[0], total=examples[1]) if examples[0] else ""
    comment = [
        banner,
        t("app.name"),
        t("change.title", before=before, after=after),
        t("export.generated", date=t.long_date(today or dt.date.today())),
        change_note(t, places, before, after),
    ]
    return write_csv(change_table(change, q, t, before, after), comment)


def overdue_xlsx(table: pd.DataFrame, t: Translator, found: pd.DataFrame, today: dt.date) -> bytes:
    """A list of commitments (`commitments_table`) as a one-sheet workbook: title, banner, table."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = {
        "title": book.add_format({"bold": True, "font_size": 12}),
        "banner": book.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": BANNER_COLOUR}),
        "header": book.add_format({"bold": True, "bg_color": "#E8E8E8", "text_wrap": True, "valign": "top"}),
        "bold": book.add_format({"bold": True}),
        "decimal": book.add_format({"num_format": "0.00"}),
    }
    title = " · ".join(
        [t("app.name"), t("commitments.title"), t("export.generated", date=t.long_date(today))]
    )
    ws, row = _sheet(book, formats, t("commitments.sheet"), title, examples_banner(t, found))
    _table(ws, formats, row, t("commitments.count", count=len(table)), table)
    ws.set_column(0, len(table.columns), 18)
    book.close()
    return buffer.getvalue()


# --- sheets of the summaries' workbook (xlsx.export_xlsx calls these with its workbook) ---------


def _sheet(book, formats: dict, name: str, title: str, banner: str):
    ws = book.add_worksheet(name[:31])
    ws.write_string(0, 0, title, formats["title"])
    if banner:
        ws.write_string(1, 0, banner, formats["banner"])
    return ws, 3


def _table(ws, formats: dict, row: int, heading: str, table: pd.DataFrame, note: str = "") -> int:
    """A heading, an optional note, the headers and the rows; returns the row after a blank one."""
    ws.write_string(row, 0, heading, formats["bold"])
    row += 1
    if note:
        ws.write_string(row, 0, note)
        row += 1
    for column, header in enumerate(table.columns):
        ws.write_string(row, column, str(header), formats["header"])
    for values in table.itertuples(index=False):
        row += 1
        for column, value in enumerate(values):
            if value is None or (isinstance(value, float) and pd.isna(value)):
                ws.write_blank(row, column, None)
            elif isinstance(value, str):
                ws.write_string(row, column, value)  # typed text: never a formula or a link
            else:
                ws.write_number(row, column, value, formats["decimal"] if isinstance(value, float) else None)
    return row + 2


def change_sheet(book, formats: dict, t: Translator, table: pd.DataFrame, note: str, title: str, banner: str):
    ws, row = _sheet(book, formats, t("change.sheet"), title, banner)
    _table(ws, formats, row, t("change.sheet"), table, note)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 24)
    ws.set_column(2, 2, 40)
    ws.set_column(3, len(table.columns), 14)


def commitments_sheet(book, formats: dict, t: Translator, tables: dict, title: str, banner: str) -> None:
    """ "Compromisos"/"Commitments": status counts per round table and per GCM objective, the overdue."""
    ws, row = _sheet(book, formats, t("commitments.sheet"), title, banner)
    row = _table(ws, formats, row, t("commitments.by_theme"), tables["theme"])
    row = _table(ws, formats, row, t("commitments.by_objective"), tables["gcm"])
    overdue = tables["overdue"]
    note = t("commitments.overdue_none") if overdue.empty else ""
    _table(ws, formats, row, t("commitments.overdue_title", count=len(overdue)), overdue, note)
    ws.set_column(0, 1, 34)
    ws.set_column(2, 8, 14)


# --- pages of the PDF reports (reports.py calls these with its document) ------------------------


def _pdf_table(pdf, table: pd.DataFrame, size: float = 7.5, widths: tuple | None = None) -> None:
    pdf.style(size)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_draw_color(200, 200, 200)
    with pdf.table(
        col_widths=widths, line_height=size * 0.5, text_align="LEFT", first_row_as_headings=True
    ) as grid:
        grid.row([str(c) for c in table.columns])
        for values in table.itertuples(index=False):
            grid.row(["" if pd.isna(v) else (f"{v:.2f}" if isinstance(v, float) else str(v)) for v in values])


def _pdf_heading(pdf, text: str, size: float = 12) -> None:
    pdf.style(size, bold=True)
    pdf.set_x(pdf.l_margin)
    pdf.multi_cell(pdf.epw, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _pdf_note(pdf, text: str) -> None:
    pdf.style(8.5, colour="#555555")
    pdf.set_x(pdf.l_margin)
    pdf.multi_cell(pdf.epw, 4, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _pdf_banner(pdf, text: str) -> None:
    """The example banner of a follow-up page, when its own data is generated."""
    if not text or text == pdf.banner:
        return
    pdf.set_fill_color(*(int(BANNER_COLOUR[i : i + 2], 16) for i in (1, 3, 5)))
    pdf.style(9, bold=True, colour="#FFFFFF")
    pdf.set_x(pdf.l_margin)
    pdf.multi_cell(pdf.epw, 5, text, fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_fill_color(255, 255, 255)
    pdf.ln(2)


def _signed(value) -> str:
    return "" if pd.isna(value) else f"{value:+.2f}"


def _mean(value) -> str:
    return "" if pd.isna(value) else f"{value:.2f}"


def change_page(
    pdf, t: Translator, q: Questionnaire, change: pd.DataFrame, note: str, title: str, banner: str
):
    """The change between two rounds (rounds.area_change): a table per round table with the means
    before and after and the change with its sign, and how many places answered in both."""
    pdf.add_page()
    _pdf_heading(pdf, title)
    _pdf_banner(pdf, banner)
    _pdf_note(pdf, note)
    keys = ("area", "capacity_before", "capacity_after", "capacity_change")
    keys += ("priority_before", "priority_after", "priority_change", "places")
    headers = [t(f"change.pdf_{key}") for key in keys]
    lang = t.language
    for theme in q.themes:
        rows = change[change["theme"] == theme]
        _pdf_heading(pdf, q.themes[theme][lang], size=9.5)
        pdf.style(7)
        pdf.set_fill_color(255, 255, 255)
        pdf.set_draw_color(200, 200, 200)
        widths = (40, 9, 9, 9, 9, 9, 9, 10)
        with pdf.table(
            col_widths=widths, line_height=3.6, text_align="LEFT", first_row_as_headings=True
        ) as grid:
            grid.row(headers)
            for r in rows.itertuples():
                grid.row(
                    [
                        q.area_by_key[r.area_key].name[lang],
                        _mean(r.capacity_before),
                        _mean(r.capacity_after),
                        _signed(r.capacity_change),
                        _mean(r.priority_before),
                        _mean(r.priority_after),
                        _signed(r.priority_change),
                        str(r.places),
                    ]
                )
        pdf.ln(2)


def commitments_page(pdf, t: Translator, tables: dict, title: str, banner: str) -> None:
    pdf.add_page()
    _pdf_heading(pdf, title)
    _pdf_banner(pdf, banner)
    for key, heading in (("theme", "commitments.by_theme"), ("gcm", "commitments.by_objective")):
        _pdf_heading(pdf, t(heading), size=10)
        if tables[key].empty:
            _pdf_note(pdf, t("commitments.none"))
        else:
            _pdf_table(pdf, tables[key], size=7, widths=(22, 34, *([9] * 6)))
        pdf.ln(3)
    overdue = tables["overdue"]
    _pdf_heading(pdf, t("commitments.overdue_title", count=len(overdue)), size=10)
    if overdue.empty:
        _pdf_note(pdf, t("commitments.overdue_none"))
    else:
        _pdf_table(pdf, overdue, size=7)
