"""Every downloadable file of the priority summaries: CSV, XLSX (with HXL tags) and PDF reports.

All of them are built on summary.stored_priority_summary (aggregated in DuckDB), so a file says
exactly what the pages say.
Example data is never silent: a CSV's first line, a banner row on every sheet and a banner on every
PDF page say so, and every table carries the number of example assessments behind each row. An
empty scope raises NothingToExport instead of producing an empty or broken file.

Layouts that readers rely on:

- CSV: UTF-8 with a BOM (so Excel reads accents), comma-separated. The first line is always a
  comment starting with "# " (title, date, and first of all the EXAMPLE warning when any row comes
  from example data); the header is the second line: read it with `pd.read_csv(path, skiprows=1)`.
  With HXL, the hashtags are the third line (the first data row for a plain CSV reader).
- XLSX: one sheet per level, then the data dictionary. Row 1 is the title, row 2 the EXAMPLE banner
  (empty when there is none), row 3 the headers, row 4 the HXL hashtags when asked for, data below.
- PDF: A4 portrait with DejaVu Sans embedded (Debian fonts-dejavu-core), charts drawn with fpdf2
  rectangles. A local government's summary always fits on one page: the font shrinks and long texts
  are cut with "…" until it does.
"""

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from indicators import aggregates
from indicators.consultation import Consultation, comments, distributions, knowledge_change, long_answers
from indicators.i18n import Translator
from indicators.questionnaire import MAX_AREAS, THEME_COLOURS, Questionnaire
from indicators.scoring import MAX_INDEX
from indicators.store import Store
from indicators.summary import LEVELS, stored_example_share, stored_priority_summary

FORMATS = ("csv", "xlsx", "pdf")
# The levels each scope's spreadsheet holds: a scope and everything under it.
SCOPE_LEVELS = {
    "municipality": ("municipality",),
    "country": ("municipality", "country"),
    "region": LEVELS,
}
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FONT = "DejaVu"

OTHER_COLOUR = "#777777"
BANNER_COLOUR = "#D55E00"
GRID_COLOUR = "#DDDDDD"
TEXT_GREY = "#555555"


class ExportError(Exception):
    """An export that cannot be produced; `message(t)` says why in the reader's language."""

    key = ""

    def __init__(self, **params):
        super().__init__(f"{self.key}: {params}")
        self.params = params

    def message(self, t: Translator) -> str:
        return t(self.key, **self.params)


class NothingToExport(ExportError):
    """No submitted assessment in the scope: no file rather than an empty one."""

    key = "export.nothing"

    def __init__(self, scope: str | None = None):
        super().__init__(scope=scope)

    def message(self, t: Translator) -> str:
        return t(self.key, scope=self.params["scope"] or t("export.this_scope"))


class NoConsultationAnswers(NothingToExport):
    """No consultation answer yet: no file rather than an empty one."""

    key = "consult.nothing"

    def message(self, t: Translator) -> str:
        return t(self.key)


class FontMissing(ExportError):
    key = "export.font_missing"


# --- names and the table every format shares --------------------------------------------------


@dataclass(frozen=True)
class Names:
    """What the groups of a summary are called: places by place_id, countries by ISO3 code."""

    places: dict[str, dict]  # place_id -> {"name", "level", "country", "official_code"}
    countries: dict[str, str]  # ISO3 -> name in the export's language

    @classmethod
    def from_frames(cls, places: pd.DataFrame, countries: pd.DataFrame, language: str) -> "Names":
        """From Store.places(igm_only=False) and Store.countries()."""
        place_rows = {
            row.place_id: {
                "name": row.name,
                "level": row.level,
                "country": row.country,
                "official_code": "" if pd.isna(row.official_code) else str(row.official_code),
            }
            for row in places.itertuples(index=False)
        }
        return cls(place_rows, dict(zip(countries["iso3"], countries[f"name_{language}"], strict=True)))

    def place(self, place_id: str) -> str:
        return self.places.get(place_id, {}).get("name", place_id)

    def country(self, iso3: str) -> str:
        return self.countries.get(iso3, iso3)


@dataclass(frozen=True)
class Column:
    """One exported column: header "export.col_<key>", dictionary text "export.about_<key>"."""

    key: str
    hxl: str
    levels: tuple[str, ...] = LEVELS
    width: int = 12  # spreadsheet width, in characters


# Local governments mix states (admin-1) with municipalities, cantons and districts (admin-2), so
# they are tagged #loc: an #adm2 column holding states would mislead a join with official boundaries.
COLUMNS = (
    Column("place", "#loc+name", ("municipality",), 24),
    Column("place_id", "#loc+id", ("municipality",), 22),
    Column("official_code", "#loc+code", ("municipality",), 10),
    Column("level", "#loc+type", ("municipality",), 16),
    Column("country", "#country+name", ("municipality", "country"), 18),
    Column("country_code", "#country+code", ("municipality", "country"), 10),
    Column("region", "#region+name", ("region",), 14),
    Column("theme", "#sector+name", width=36),
    Column("rank", "#indicator+rank", width=8),
    Column("area_key", "#subsector+code", width=26),
    Column("area", "#subsector+name", width=40),
    Column("index", "#indicator+index", width=10),
    Column("capacity", "#indicator+capacity", width=10),
    Column("priority", "#indicator+priority", width=10),
    Column("top3", "#meta+top3", width=10),
    Column("respondents", "#meta+respondents", width=12),
    Column("examples", "#meta+examples", width=12),
    Column("actions", "#activity+planned", width=50),
    Column("gcm", "#meta+gcm", width=40),
    Column("sdg", "#meta+sdg", width=40),
)
DECIMALS = 2


def columns_for(level: str) -> list[Column]:
    return [c for c in COLUMNS if level in c.levels]


def export_table(summary: pd.DataFrame, q: Questionnaire, t: Translator, names: Names) -> pd.DataFrame:
    """A summary of one level as exported: names resolved, means rounded, columns keyed by Column.key."""
    level = summary["level"].iloc[0]
    lang = t.language
    table = pd.DataFrame(index=summary.index)
    if level == "municipality":
        places = [names.places.get(p, {}) for p in summary["group"]]
        table["place"] = [names.place(p) for p in summary["group"]]
        table["place_id"] = summary["group"]
        table["official_code"] = [p.get("official_code", "") for p in places]
        table["level"] = [t(f"levels.{p['level']}") if p else "" for p in places]
        table["country_code"] = [p.get("country", "") for p in places]
        table["country"] = [names.country(c) for c in table["country_code"]]
    elif level == "country":
        table["country"] = [names.country(c) for c in summary["group"]]
        table["country_code"] = summary["group"]
    else:
        table["region"] = t("export.region_name")
    table["theme"] = [q.themes[k][lang] for k in summary["theme"]]
    for key in ("rank", "area_key", "area", "top3", "respondents", "examples", "actions", "gcm", "sdg"):
        table[key] = summary[key]
    for key in ("index", "capacity", "priority"):
        table[key] = summary[key].astype(float).round(DECIMALS)
    for key in ("rank", "top3", "respondents", "examples"):
        table[key] = table[key].astype(int)
    return table[[c.key for c in columns_for(level)]].reset_index(drop=True)


def scope_counts(summary: pd.DataFrame) -> tuple[int, int]:
    """(example assessments, all assessments) behind a summary of one level."""
    per_group = summary.groupby("group").agg(examples=("examples", "max"), total=("respondents", "max"))
    return int(per_group["examples"].sum()), int(per_group["total"].sum())


def _banner(t: Translator, examples: int, total: int) -> str:
    return t("export.banner", count=examples, total=total) if examples else ""


# --- CSV --------------------------------------------------------------------------------------


# A spreadsheet opening a CSV runs a cell starting with one of these as a formula (OWASP "CSV
# injection"); the actions are free text typed by respondents, so such cells get a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_csv(
    summary: pd.DataFrame,
    q: Questionnaire,
    t: Translator,
    names: Names,
    hxl: bool = False,
    today: dt.date | None = None,
) -> bytes:
    """One level's summary as CSV: a "# " comment line, translated headers, HXL tags if asked, rows."""
    if summary.empty:
        raise NothingToExport()
    level = summary["level"].iloc[0]
    examples, total = scope_counts(summary)
    parts = [
        _banner(t, examples, total),
        t("app.name"),
        t(f"export.title_{level}"),
        t("export.generated", date=t.long_date(today or dt.date.today())),
        t("export.assessments", count=total),
    ]
    # A comma would split the comment over several cells in a spreadsheet, and a line break would
    # move the header off the second line: both are taken out.
    comment = " · ".join(p for p in parts if p).replace(",", ";").replace("\n", " ").replace("\r", " ")
    table = export_table(summary, q, t, names)
    tags = [c.hxl for c in columns_for(level)]
    table.columns = [t(f"export.col_{key}") for key in table.columns]
    if hxl:
        # HXL tools look for the hashtag row among the first rows, right under the headers.
        table = pd.concat([pd.DataFrame([tags], columns=table.columns), table], ignore_index=True)
    body = table.map(_inert).to_csv(index=False, lineterminator="\n")
    return ("\ufeff# " + comment + "\n" + body).encode("utf-8")


# --- XLSX -------------------------------------------------------------------------------------

TITLE_ROW, BANNER_ROW, HEADER_ROW, HXL_ROW = 1, 2, 3, 4
BANNER_FILL = PatternFill("solid", fgColor=BANNER_COLOUR.lstrip("#"))
HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
# One shared style object: openpyxl compares each new one with every style it has (slow per cell).
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
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
        cell.alignment = WRAP_TOP
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
    """One sheet per level in `summaries` (municipality, country, region), then the data dictionary,
    which ends with the source and licence of every boundary layer the app's map draws."""
    present = {level: s for level, s in summaries.items() if not s.empty}
    if not present:
        raise NothingToExport()
    generated = t("export.generated", date=t.long_date(today or dt.date.today()))
    # Each assessment is in exactly one group of every level, so any level gives the same counts.
    examples, total = scope_counts(next(iter(present.values())))
    banner = _banner(t, examples, total)
    book = Workbook()
    book.remove(book.active)
    for level in LEVELS:
        if level not in present:
            continue
        columns = columns_for(level)
        table = export_table(present[level], q, t, names)
        ws = book.create_sheet(t(f"export.sheet_{level}")[:31])
        title = " · ".join(
            [t("app.name"), t(f"export.title_{level}"), generated, t("export.assessments", count=total)]
        )
        _sheet_top(ws, title, banner, len(columns))
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
                    cell.alignment = WRAP_TOP
        for number, column in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(number)].width = column.width
        ws.freeze_panes = ws.cell(first, 1)
    ws = _dictionary_sheet(book, [level for level in LEVELS if level in present], t, banner, generated, hxl)
    if boundary_sources is not None and not boundary_sources.empty:
        row = ws.max_row + 2
        ws.cell(row, 1, t("export.boundary_sources")).font = Font(bold=True)
        for source in boundary_sources.itertuples():
            row += 1
            ws.cell(row, 1, _inert(source.title))
            ws.cell(row, 2, _inert(f"{source.licence} · {source.url or ''}".rstrip(" ·")))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _dictionary_sheet(book, levels: list[str], t: Translator, banner: str, generated: str, hxl: bool):
    ws = book.create_sheet(t("export.sheet_dictionary")[:31])
    headers = [
        t("export.dict_column"),
        *([t("export.dict_hxl")] if hxl else []),
        t("export.dict_description"),
    ]
    _sheet_top(ws, " · ".join([t("app.name"), t("export.sheet_dictionary"), generated]), banner, len(headers))
    row = _header_row(ws, headers, None)
    for column in COLUMNS:
        if not any(level in column.levels for level in levels):
            continue
        values = [
            t(f"export.col_{column.key}"),
            *([column.hxl] if hxl else []),
            t(f"export.about_{column.key}"),
        ]
        for number, value in enumerate(values, 1):
            ws.cell(row, number, value).alignment = WRAP_TOP
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


# --- PDF: shared machinery --------------------------------------------------------------------

PAGE_MARGIN = 12
LINE = 0.44  # line height in mm per point of font size (1.25 × 1 pt)


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _tint(colour: str, share: float) -> tuple[int, int, int]:
    """The colour mixed with white, `share` of the colour (0 = white), for light backgrounds."""
    return tuple(round(255 - (255 - c) * share) for c in _rgb(colour))


class _Report(FPDF):
    """A4 portrait, DejaVu embedded; the example banner on top of every page and a footer."""

    def __init__(self, t: Translator, banner: str, footer: str, font_dir: Path):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.t, self.banner, self.footer_text = t, banner, footer
        for style, name in FONT_FILES.items():
            path = font_dir / name
            if not path.is_file():
                raise FontMissing(path=str(path))
            self.add_font(FONT, style, str(path))
        self.set_margins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        self.set_auto_page_break(True, margin=PAGE_MARGIN + 4)
        self.set_lang(t.language)
        self.set_creator(t("app.name"))
        self.c_margin = 0.8

    def header(self):
        if not self.banner:
            return
        self.set_fill_color(*_rgb(BANNER_COLOUR))
        self.set_text_color(255, 255, 255)
        self.set_font(FONT, "B", 10)
        self.set_xy(self.l_margin, self.t_margin)
        self.cell(self.epw, 7, self.banner, align="C", fill=True)
        self.set_y(self.t_margin + 9)

    def footer(self):
        self.set_y(-PAGE_MARGIN)
        self.set_font(FONT, "", 7)
        self.set_text_color(*_rgb(TEXT_GREY))
        self.cell(self.epw * 0.75, 4, self.footer_text)
        self.cell(self.epw * 0.25, 4, self.t("export.pdf_page", page=self.page_no(), pages="{nb}"), align="R")

    def style(self, size: float, bold: bool = False, colour: str = "#000000") -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*_rgb(colour))

    def lines(self, text: str, width: float, max_lines: int) -> list[str]:
        """`text` wrapped to `width` in the current font, cut to `max_lines` with "…" if longer."""
        if not text or max_lines < 1:
            return []
        lines = self.multi_cell(width, 1, text, dry_run=True, output="LINES")
        if len(lines) <= max_lines:
            return lines
        last = lines[max_lines - 1].rstrip()
        while last and self.get_string_width(last + "…") > width - 2 * self.c_margin:
            last = last[:-1].rstrip()
        return [*lines[: max_lines - 1], last + "…"]

    def fitted(self, text: str, width: float) -> str:
        """`text` on one line of `width`, cut with "…" if it does not fit."""
        return (self.lines(text, width, 1) or [""])[0]

    def output_bytes(self) -> bytes:
        return bytes(self.output())


def _load_report(t: Translator, banner: str, today: dt.date, font_dir: Path) -> _Report:
    footer = " · ".join([t("app.name"), t("export.generated", date=t.long_date(today))])
    pdf = _Report(t, banner, footer, font_dir)
    pdf.add_page()
    return pdf


def _theme_colour(theme: str) -> str:
    return THEME_COLOURS.get(theme, OTHER_COLOUR)


@dataclass(frozen=True)
class _Bar:
    label: str
    value: float
    colour: str
    note: str


def _bar_chart_height(bars: int, bar: float, size: float) -> float:
    return bars * bar * 1.3 + size * LINE + 1.5


def _bar_chart(pdf: _Report, bars: list[_Bar], y: float, bar: float, size: float) -> float:
    """Horizontal bars of the index on a 0–MAX_INDEX axis, highest first; returns the y below it."""
    x0 = pdf.l_margin
    label_width, note_width = pdf.epw * 0.45, pdf.epw * 0.15
    axis_x, axis_width = x0 + label_width, pdf.epw - label_width - note_width
    step = bar * 1.3
    height = len(bars) * step
    pdf.set_draw_color(*_rgb(GRID_COLOUR))
    pdf.set_line_width(0.2)
    pdf.style(size * 0.85, colour=TEXT_GREY)
    for tick in range(0, MAX_INDEX + 1, 5):
        x = axis_x + axis_width * tick / MAX_INDEX
        pdf.line(x, y, x, y + height)
        pdf.set_xy(x - 5, y + height + 0.5)
        pdf.cell(10, size * LINE, str(tick), align="C")
    for number, item in enumerate(bars):
        top = y + number * step
        pdf.style(size)
        pdf.set_xy(x0, top + (bar - size * LINE) / 2)
        pdf.cell(label_width - 1, size * LINE, pdf.fitted(item.label, label_width - 1), align="R")
        length = axis_width * max(0.0, min(item.value, MAX_INDEX)) / MAX_INDEX
        pdf.set_fill_color(*_rgb(item.colour))
        if length > 0:
            pdf.rect(axis_x, top, length, bar, style="F")
        # On white, so the grid lines do not run through the figures.
        pdf.style(size * 0.9, colour=TEXT_GREY)
        pdf.set_fill_color(255, 255, 255)
        pdf.set_xy(axis_x + length + 0.5, top + (bar - size * LINE) / 2)
        note = pdf.fitted(item.note, note_width + axis_width - length - 0.5)
        pdf.cell(pdf.get_string_width(note) + 2 * pdf.c_margin, size * LINE, note, fill=True)
    pdf.set_draw_color(0, 0, 0)
    pdf.line(axis_x, y, axis_x, y + height)
    return y + height + size * LINE + 1.5


LEGEND_HEIGHT = 5


def _legend(pdf: _Report, q: Questionnaire, themes: list[str], y: float, size: float) -> float:
    pdf.style(size * 0.9)
    x = pdf.l_margin
    for theme in themes:
        number = list(q.themes).index(theme) + 1
        label = pdf.t("sa.theme_short", n=number)
        pdf.set_fill_color(*_rgb(_theme_colour(theme)))
        pdf.rect(x, y + 0.4, 3, 3, style="F")
        pdf.set_xy(x + 3.5, y)
        pdf.cell(pdf.get_string_width(label) + 2 * pdf.c_margin, 3.8, label)
        x += pdf.get_string_width(label) + 10
    return y + LEGEND_HEIGHT


# The top-3 table: (catalogue key of the header, share of the page width, alignment).
TABLE_COLUMNS = (
    ("export.pdf_rank", 0.035, "C"),
    ("export.pdf_area", 0.39, "L"),
    ("export.pdf_index", 0.065, "R"),
    ("export.pdf_capacity", 0.065, "R"),
    ("export.pdf_priority", 0.065, "R"),
    ("export.pdf_top3", 0.055, "R"),
    ("export.pdf_frameworks", 0.325, "L"),
)


@dataclass(frozen=True)
class _Line:
    text: str
    size: float
    bold: bool = False
    colour: str = "#000000"


@dataclass(frozen=True)
class _Row:
    cells: list[list[_Line]]  # per column of TABLE_COLUMNS, its lines

    def height(self, size: float) -> float:
        return max(len(c) for c in self.cells) * size * LINE + 1.2


def _paragraph(
    pdf: _Report, text: str, width: float, max_lines: int, size: float, bold=False, colour="#000000"
) -> list[_Line]:
    """`text` wrapped in the very font it will be drawn with, so measured and drawn widths agree."""
    pdf.style(size, bold, colour)
    return [_Line(line, size, bold, colour) for line in pdf.lines(text, width, max_lines)]


def _table_rows(pdf: _Report, rows: pd.DataFrame, size: float, max_lines: int) -> list[_Row]:
    """The top-3 rows laid out in `size`: every cell at most `max_lines` lines."""
    t = pdf.t
    widths = [pdf.epw * share for _, share, _ in TABLE_COLUMNS]
    small = size * 0.9
    laid_out = []
    for row in rows.itertuples():
        area = _paragraph(pdf, row.area, widths[1], 2, size, bold=True)
        actions = t("export.pdf_actions", actions=row.actions) if row.actions else t("export.pdf_no_actions")
        area += _paragraph(pdf, actions, widths[1], max_lines - len(area), small, colour=TEXT_GREY)
        frameworks = _paragraph(pdf, t("export.pdf_gcm", objectives=row.gcm), widths[6], 2, small)
        sdg = t("export.pdf_sdg", targets=row.sdg) if row.sdg else ""
        frameworks += _paragraph(pdf, sdg, widths[6], max_lines - len(frameworks), small, colour=TEXT_GREY)
        cells = [
            [_Line(str(row.rank), size)],
            area,
            [_Line(f"{row.index:.1f}", size, bold=True)],
            [_Line(f"{row.capacity:.1f}", size)],
            [_Line(f"{row.priority:.1f}", size)],
            [_Line(str(row.top3), size)],
            frameworks,
        ]
        laid_out.append(_Row(cells))
    return laid_out


def _table_header_height(size: float) -> float:
    return size * LINE + 1.2


def _draw_table_header(pdf: _Report, y: float, size: float) -> float:
    pdf.set_fill_color(235, 235, 235)
    pdf.rect(pdf.l_margin, y, pdf.epw, _table_header_height(size), style="F")
    pdf.style(size * 0.9, bold=True, colour=TEXT_GREY)
    x = pdf.l_margin
    for key, share, align in TABLE_COLUMNS:
        pdf.set_xy(x, y + 0.6)
        pdf.cell(pdf.epw * share, size * LINE, pdf.fitted(pdf.t(key), pdf.epw * share), align=align)
        x += pdf.epw * share
    return y + _table_header_height(size)


def _draw_row(pdf: _Report, row: _Row, y: float, size: float) -> float:
    x = pdf.l_margin
    for (_, share, align), lines in zip(TABLE_COLUMNS, row.cells, strict=True):
        for number, line in enumerate(lines):
            pdf.style(line.size, line.bold, line.colour)
            pdf.set_xy(x, y + 0.6 + number * size * LINE)
            pdf.cell(pdf.epw * share, size * LINE, line.text, align=align)
        x += pdf.epw * share
    bottom = y + row.height(size)
    pdf.set_draw_color(*_rgb(GRID_COLOUR))
    pdf.line(pdf.l_margin, bottom, pdf.l_margin + pdf.epw, bottom)
    return bottom


def _theme_heading_height(size: float) -> float:
    return size * 1.15 * LINE + 2


def _draw_theme_heading(pdf: _Report, q: Questionnaire, theme: str, y: float, size: float) -> float:
    colour = _theme_colour(theme)
    height = _theme_heading_height(size)
    pdf.set_fill_color(*_tint(colour, 0.2))
    pdf.rect(pdf.l_margin, y, pdf.epw, height, style="F")
    pdf.set_fill_color(*_rgb(colour))
    pdf.rect(pdf.l_margin, y, 1.5, height, style="F")
    pdf.style(size * 1.15, bold=True)
    pdf.set_xy(pdf.l_margin + 2.5, y + 1)
    pdf.cell(pdf.epw - 3, size * 1.15 * LINE, pdf.fitted(q.themes[theme][pdf.t.language], pdf.epw - 3))
    return y + height


def _bars_note(t: Translator, index: float, top3: int) -> str:
    return t("export.pdf_bar_label", index=f"{index:.1f}", top3=top3)


# --- PDF: one local government ----------------------------------------------------------------

# Tried in order until the page fits; every cell is capped at `max_lines`, so the last one always does.
MUNICIPALITY_FITS = ((8.0, 4), (7.5, 4), (7.0, 4), (6.5, 3), (6.0, 3), (5.5, 2))


def export_pdf_municipality(
    store: Store,
    q: Questionnaire,
    t: Translator,
    names: Names,
    place_id: str,
    today: dt.date | None = None,
    font_dir: Path = FONT_DIR,
) -> bytes:
    """A one-page summary of one local government: its top 3 areas of each round table and a chart."""
    examples, total = stored_example_share(store, q, place_id=place_id)
    if not total:
        raise NothingToExport(names.place(place_id))
    today = today or dt.date.today()
    summary = stored_priority_summary(store, q, t.language, "municipality", place_id=place_id)
    pdf = _load_report(t, _banner(t, examples, total), today, font_dir)
    title = t("export.pdf_title_municipality", name=names.place(place_id))
    pdf.set_title(title)
    place = names.places.get(place_id, {})
    about = [
        t(f"levels.{place['level']}") if place else "",
        names.country(place.get("country", "")),
        t("export.generated", date=t.long_date(today)),
        t("export.assessments", count=total),
    ]
    y = _title_block(pdf, title, [" · ".join(p for p in about if p), t("export.pdf_subtitle")])
    themes = [theme for theme in q.themes if (summary["theme"] == theme).any()]
    for size, max_lines in MUNICIPALITY_FITS:
        tables = {
            theme: _table_rows(pdf, summary[summary["theme"] == theme], size, max_lines) for theme in themes
        }
        bar = size * 0.5
        chart = size * LINE * 1.2 + 1 + _bar_chart_height(len(summary), bar, size) + LEGEND_HEIGHT
        body = sum(_theme_heading_height(size) + sum(r.height(size) for r in rs) for rs in tables.values())
        note = 2 * size * LINE + 3
        if y + chart + _table_header_height(size) + body + note <= pdf.h - pdf.b_margin:
            break

    pdf.style(size * 1.05, bold=True)
    pdf.set_xy(pdf.l_margin, y)
    pdf.cell(pdf.epw, size * LINE * 1.2, t("export.pdf_chart_municipality"))
    y += size * LINE * 1.2 + 1
    bars = [
        _Bar(r.area, r.index, _theme_colour(r.theme), _bars_note(t, r.index, r.top3))
        for r in summary.sort_values(["index", "top3"], ascending=False, kind="stable").itertuples()
    ]
    y = _bar_chart(pdf, bars, y, bar, size)
    y = _legend(pdf, q, themes, y, size)
    y = _draw_table_header(pdf, y, size)
    for theme in themes:
        y = _draw_theme_heading(pdf, q, theme, y, size)
        for row in tables[theme]:
            y = _draw_row(pdf, row, y, size)
    _note(pdf, [t("export.formula_short"), t("export.not_ranking")], y + 1.5, size * 0.85)
    return pdf.output_bytes()


def _title_block(pdf: _Report, title: str, subtitles: list[str]) -> float:
    """Title and subtitle lines from the top of the page (under the banner); returns the y below."""
    y = pdf.get_y()
    pdf.style(15, bold=True)
    pdf.set_xy(pdf.l_margin, y)
    pdf.cell(pdf.epw, 7, pdf.fitted(title, pdf.epw))
    y += 8
    pdf.style(8.5, colour=TEXT_GREY)
    for line in subtitles:
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(pdf.epw, 4, pdf.fitted(line, pdf.epw))
        y += 4.2
    return y + 2


def _note(pdf: _Report, lines: list[str], y: float, size: float) -> float:
    pdf.style(size, colour=TEXT_GREY)
    for line in lines:
        for part in pdf.lines(line, pdf.epw, 2):
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(pdf.epw, size * LINE, part)
            y += size * LINE
    return y


# --- PDF: a country or the region -------------------------------------------------------------

REGION_SIZE = 8.0
REGION_MAX_LINES = 5
REGION_BAR = 4.2  # bar thickness in mm


def export_pdf_region(
    store: Store,
    q: Questionnaire,
    t: Translator,
    names: Names,
    country: str | None = None,
    today: dt.date | None = None,
    font_dir: Path = FONT_DIR,
) -> bytes:
    """The report of the region, or of one country (`country`, ISO3): a chart and the top 3 per table."""
    counts = aggregates.scope_counts(store, q, country=country)
    examples, total = counts["examples"], counts["responses"]
    if not total:
        raise NothingToExport(names.country(country) if country else t("export.the_region"))
    today = today or dt.date.today()
    title = (
        t("export.pdf_title_country", country=names.country(country))
        if country
        else t("export.pdf_title_region")
    )
    pdf = _load_report(t, _banner(t, examples, total), today, font_dir)
    pdf.set_title(title)
    y = _title_block(pdf, title, [t("export.generated", date=t.long_date(today)), t("export.pdf_subtitle")])
    figures = [
        (total, t("export.pdf_scope_assessments")),
        (counts["local_governments"], t("export.pdf_scope_local_governments")),
        (counts["countries"], t("export.pdf_scope_countries")),
    ]
    if examples:
        figures.append((examples, t("export.pdf_of_which_examples")))
    y = _figures(pdf, figures, y)
    y = _note(pdf, [t("export.formula_short"), t("export.not_ranking")], y, 7) + 3

    size = REGION_SIZE
    every_area = stored_priority_summary(store, q, t.language, "region", country=country, top_n=MAX_AREAS)
    for theme in q.themes:
        rows = every_area[every_area["theme"] == theme]
        pdf.style(size)
        table = _table_rows(pdf, rows[rows["rank"] <= 3], size, REGION_MAX_LINES)
        caption = size * LINE * 1.2 + 1  # the line over the chart, and the one over the table
        chart = _bar_chart_height(max(len(rows), 1), REGION_BAR, size)
        body = _table_header_height(size) + sum(r.height(size) for r in table)
        needed = _theme_heading_height(size) + 2 + 2 * caption + chart + body
        if y + needed > pdf.h - pdf.b_margin:
            pdf.add_page()
            y = pdf.get_y()
        y = _draw_theme_heading(pdf, q, theme, y, size) + 2
        if rows.empty:
            y = _note(pdf, [t("export.pdf_no_answers")], y, size) + 4
            continue
        pdf.style(size, bold=True, colour=TEXT_GREY)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(pdf.epw, size * LINE * 1.2, t("export.pdf_chart_theme"))
        y += caption
        bars = [
            _Bar(r.area, r.index, _theme_colour(theme), _bars_note(t, r.index, r.top3))
            for r in rows.itertuples()
        ]
        y = _bar_chart(pdf, bars, y, REGION_BAR, size)
        pdf.style(size, bold=True, colour=TEXT_GREY)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(pdf.epw, size * LINE * 1.2, t("export.pdf_top3_title"))
        y += caption
        y = _draw_table_header(pdf, y, size)
        for row in table:
            y = _draw_row(pdf, row, y, size)
        y += 6  # space between round tables
    by_place = country is not None
    level = "municipality" if by_place else "country"
    counts = aggregates.participation(store, q, level, country=country).rename(columns={"group": level})
    _participation(pdf, counts, t, names, by_place, y=y)
    return pdf.output_bytes()


def _figures(pdf: _Report, figures: list[tuple[int, str]], y: float) -> float:
    """Key figures as boxes: a large number over its label."""
    gap = 3
    width = (pdf.epw - gap * (len(figures) - 1)) / len(figures)
    for number, (value, label) in enumerate(figures):
        x = pdf.l_margin + number * (width + gap)
        pdf.set_fill_color(242, 242, 242)
        pdf.rect(x, y, width, 14, style="F")
        pdf.style(15, bold=True)
        pdf.set_xy(x, y + 1)
        pdf.cell(width, 7, str(value), align="C")
        pdf.style(7.5, colour=TEXT_GREY)
        pdf.set_xy(x, y + 8.5)
        pdf.cell(width, 4, pdf.fitted(label, width), align="C")
    return y + 17


def _participation(
    pdf: _Report, counts: pd.DataFrame, t: Translator, names: Names, by_place: bool, y: float
) -> None:
    """Assessments per country (region) or per local government (a country), examples counted apart.

    `counts` is aggregates.participation: the group (as "municipality" or "country"), assessments,
    examples."""
    column = "municipality" if by_place else "country"
    counts = counts.copy()
    counts["name"] = [names.place(v) if by_place else names.country(v) for v in counts[column]]
    counts = counts.sort_values("name")
    size = 8.0
    line, heading = size * LINE + 1.2, size * 1.15 * LINE + 2
    bottom = pdf.h - pdf.b_margin
    # Kept on one page when it fits on one: a table split over pages for a few rows reads badly.
    if y + heading + line * (len(counts) + 1) > bottom and pdf.t_margin + 10 + heading < y:
        pdf.add_page()
        y = pdf.get_y()
    pdf.style(size * 1.15, bold=True)
    pdf.set_xy(pdf.l_margin, y)
    pdf.cell(pdf.epw, size * 1.15 * LINE, t("export.pdf_participation"))
    y += heading
    widths = (0.46, 0.24, 0.30)
    header = [
        t("export.col_place") if by_place else t("export.col_country"),
        t("export.col_respondents"),
        t("export.col_examples"),
    ]

    def draw(values: list[str], bold: bool, y: float) -> float:
        x = pdf.l_margin
        pdf.style(size, bold, TEXT_GREY if bold else "#000000")
        for number, (value, share) in enumerate(zip(values, widths, strict=True)):
            pdf.set_xy(x, y)
            pdf.cell(pdf.epw * share, line, pdf.fitted(value, pdf.epw * share), align="R" if number else "L")
            x += pdf.epw * share
        pdf.set_draw_color(*_rgb(GRID_COLOUR))
        pdf.line(pdf.l_margin, y + line, pdf.l_margin + pdf.epw, y + line)
        return y + line

    y = draw(header, True, y)
    for row in counts.itertuples():
        if y + line > bottom:
            pdf.add_page()
            y = draw(header, True, pdf.get_y())
        y = draw([row.name, str(row.assessments), str(int(row.examples))], False, y)


# --- one entry point for the app and the command line -----------------------------------------


@dataclass(frozen=True)
class ExportRequest:
    """What to export. `place_id` and `country` narrow the answers; a PDF of a local government
    needs `place_id`, of a country `country`. The caller checks they exist."""

    scope: str  # one of summary.LEVELS
    format: str  # one of FORMATS
    place_id: str | None = None
    country: str | None = None
    hxl: bool = False


def export_file(
    store: Store, q: Questionnaire, t: Translator, request: ExportRequest, today: dt.date | None = None
) -> bytes:
    """The file's bytes for `request`, from the submitted answers in `store`."""
    if request.scope not in LEVELS or request.format not in FORMATS:
        raise ValueError(f"unknown scope or format: {request}")
    names = Names.from_frames(store.places(igm_only=False), store.countries(), t.language)
    if not stored_example_share(store, q, request.place_id, request.country)[1]:
        if request.place_id:
            raise NothingToExport(names.place(request.place_id))
        raise NothingToExport(names.country(request.country) if request.country else t("export.the_region"))
    if request.format == "pdf":
        if request.scope == "municipality":
            if not request.place_id:
                raise ValueError("a local government's PDF needs a place_id")
            return export_pdf_municipality(store, q, t, names, request.place_id, today)
        if request.scope == "country" and not request.country:
            raise ValueError("a country's PDF needs a country")
        return export_pdf_region(store, q, t, names, request.country, today)

    sums = aggregates.place_area_sums(store, q, request.place_id, request.country)  # one scan for all levels

    def summary(level: str) -> pd.DataFrame:
        return stored_priority_summary(
            store, q, t.language, level, request.place_id, request.country, sums=sums
        )

    if request.format == "csv":
        return export_csv(summary(request.scope), q, t, names, request.hxl, today)
    summaries = {level: summary(level) for level in SCOPE_LEVELS[request.scope]}
    return export_xlsx(summaries, q, t, names, request.hxl, today, store.boundary_sources())


# --- the seminar consultation -----------------------------------------------------------------


def consultation_tables(responses: pd.DataFrame, c: Consultation, t: Translator) -> dict[str, pd.DataFrame]:
    """The consultation's results as readable tables (the same the organisers' page shows)."""
    lang = t.language
    texts = {i.key: i.text[lang] for i in c.items}
    change = knowledge_change(long_answers(responses, c), c)
    change.insert(0, "question", change.pop("item").map(texts))
    change = change.rename(columns={k: t(f"consult.col_{k}") for k in change.columns})
    dist = distributions(long_answers(responses, c), c)
    items = {i.key: i for i in c.items}
    dist["label"] = [c.label(items[k], v, lang) for k, v in zip(dist["item"], dist["value"], strict=True)]
    dist["item"] = dist["item"].map(texts)
    dist["phase"] = dist["phase"].map(lambda p: t(f"consult.phase_{p}"))
    dist = dist.rename(columns={k: t(f"consult.col_{k}") for k in dist.columns})
    notes = comments(responses, c)
    notes["item"] = notes["item"].map(texts)
    notes["phase"] = notes["phase"].map(lambda p: t(f"consult.phase_{p}"))
    notes = notes.rename(columns={k: t(f"consult.col_{k}") for k in notes.columns})
    return {"change": change, "distributions": dist, "comments": notes}


def export_consultation(
    responses: pd.DataFrame,
    c,
    t: Translator,
    file_format: str,
    today: dt.date | None = None,
    font_dir: Path = FONT_DIR,
) -> bytes:
    """CSV (the change table), XLSX (change, distributions, comments) or PDF of the consultation."""
    if responses.empty:
        raise NoConsultationAnswers()
    today = today or dt.date.today()
    tables = consultation_tables(responses, c, t)
    title = t("consult.results_title")
    if file_format == "csv":
        body = tables["change"].map(_inert).to_csv(index=False)
        return ("# " + title + " · " + t("export.generated", date=today.isoformat()) + "\n" + body).encode(
            "utf-8-sig"
        )
    if file_format == "xlsx":
        book = Workbook()
        book.remove(book.active)
        for key, table in tables.items():
            ws = book.create_sheet(t(f"consult.sheet_{key}")[:31])
            ws.append([title, t("export.generated", date=t.long_date(today))])
            ws.append(list(table.columns))
            for row in table.itertuples(index=False):
                ws.append([_inert(v) if isinstance(v, str) else (None if pd.isna(v) else v) for v in row])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    pdf = _load_report(t, "", today, font_dir)
    y = _title_block(pdf, title, [t("consult.participants", count=responses["participant_id"].nunique())])
    for key in ("change", "distributions", "comments"):
        table = tables[key]
        pdf.set_y(y)
        pdf.style(10, bold=True)
        pdf.cell(pdf.epw, 6, t(f"consult.sheet_{key}"), new_x="LMARGIN", new_y="NEXT")
        pdf.style(7.5)
        with pdf.table(col_widths=None, line_height=4, text_align="LEFT", first_row_as_headings=True) as grid:
            grid.row([str(col) for col in table.columns])
            for row in table.itertuples(index=False):
                grid.row(
                    ["" if pd.isna(v) else (f"{v:.2f}" if isinstance(v, float) else str(v)) for v in row]
                )
        y = pdf.get_y() + 4
    return pdf.output_bytes()
