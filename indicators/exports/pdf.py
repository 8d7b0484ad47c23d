"""PDF layout shared by every report: an A4 page with the example banner, bar charts, top-3 tables.

A4 portrait with DejaVu Sans embedded (Debian fonts-dejavu-core; the folder is `Settings.font_dir`),
charts drawn with fpdf2 rectangles. Text is measured in the very font it is drawn with, so long
texts are cut with "…" exactly where they would overflow.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from fpdf import FPDF

from indicators.exports.errors import FontMissing
from indicators.exports.tables import BANNER_COLOUR
from indicators.i18n import Translator
from indicators.questionnaire import Questionnaire
from indicators.scoring import MAX_INDEX

FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FONT = "DejaVu"

OTHER_COLOUR = "#777777"
GRID_COLOUR = "#DDDDDD"
TEXT_GREY = "#555555"

PAGE_MARGIN = 12
LINE = 0.44  # line height in mm per point of font size (1.25 × 1 pt)


def rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def tint(colour: str, share: float) -> tuple[int, int, int]:
    """The colour mixed with white, `share` of the colour (0 = white), for light backgrounds."""
    return tuple(round(255 - (255 - c) * share) for c in rgb(colour))


class Report(FPDF):
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
        self.set_fill_color(*rgb(BANNER_COLOUR))
        self.set_text_color(255, 255, 255)
        self.set_font(FONT, "B", 10)
        self.set_xy(self.l_margin, self.t_margin)
        self.cell(self.epw, 7, self.banner, align="C", fill=True)
        self.set_y(self.t_margin + 9)

    def footer(self):
        self.set_y(-PAGE_MARGIN)
        self.set_font(FONT, "", 7)
        self.set_text_color(*rgb(TEXT_GREY))
        self.cell(self.epw * 0.75, 4, self.footer_text)
        self.cell(self.epw * 0.25, 4, self.t("export.pdf_page", page=self.page_no(), pages="{nb}"), align="R")

    def style(self, size: float, bold: bool = False, colour: str = "#000000") -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*rgb(colour))

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


def new_report(t: Translator, banner: str, today: dt.date, font_dir: Path) -> Report:
    footer = " · ".join([t("app.name"), t("export.generated", date=t.long_date(today))])
    pdf = Report(t, banner, footer, font_dir)
    pdf.add_page()
    return pdf


def theme_colour(q: Questionnaire, theme: str) -> str:
    return q.style(theme).colour if theme in q.themes else OTHER_COLOUR


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str
    note: str


def bar_chart_height(bars: int, bar: float, size: float) -> float:
    return bars * bar * 1.3 + size * LINE + 1.5


def draw_bar_chart(pdf: Report, bars: list[Bar], y: float, bar: float, size: float) -> float:
    """Horizontal bars of the index on a 0–MAX_INDEX axis, highest first; returns the y below it."""
    x0 = pdf.l_margin
    label_width, note_width = pdf.epw * 0.45, pdf.epw * 0.15
    axis_x, axis_width = x0 + label_width, pdf.epw - label_width - note_width
    step = bar * 1.3
    height = len(bars) * step
    pdf.set_draw_color(*rgb(GRID_COLOUR))
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
        pdf.set_fill_color(*rgb(item.colour))
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


def draw_legend(pdf: Report, q: Questionnaire, themes: list[str], y: float, size: float) -> float:
    pdf.style(size * 0.9)
    x = pdf.l_margin
    for theme in themes:
        label = pdf.t("sa.theme_short", n=q.theme_number(theme))
        pdf.set_fill_color(*rgb(theme_colour(q, theme)))
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
    pdf: Report, text: str, width: float, max_lines: int, size: float, bold=False, colour="#000000"
) -> list[_Line]:
    """`text` wrapped in the very font it will be drawn with, so measured and drawn widths agree."""
    pdf.style(size, bold, colour)
    return [_Line(line, size, bold, colour) for line in pdf.lines(text, width, max_lines)]


def table_rows(pdf: Report, rows: pd.DataFrame, size: float, max_lines: int) -> list[_Row]:
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


def table_header_height(size: float) -> float:
    return size * LINE + 1.2


def draw_table_header(pdf: Report, y: float, size: float) -> float:
    pdf.set_fill_color(235, 235, 235)
    pdf.rect(pdf.l_margin, y, pdf.epw, table_header_height(size), style="F")
    pdf.style(size * 0.9, bold=True, colour=TEXT_GREY)
    x = pdf.l_margin
    for key, share, align in TABLE_COLUMNS:
        pdf.set_xy(x, y + 0.6)
        pdf.cell(pdf.epw * share, size * LINE, pdf.fitted(pdf.t(key), pdf.epw * share), align=align)
        x += pdf.epw * share
    return y + table_header_height(size)


def draw_row(pdf: Report, row: _Row, y: float, size: float) -> float:
    x = pdf.l_margin
    for (_, share, align), lines in zip(TABLE_COLUMNS, row.cells, strict=True):
        for number, line in enumerate(lines):
            pdf.style(line.size, line.bold, line.colour)
            pdf.set_xy(x, y + 0.6 + number * size * LINE)
            pdf.cell(pdf.epw * share, size * LINE, line.text, align=align)
        x += pdf.epw * share
    bottom = y + row.height(size)
    pdf.set_draw_color(*rgb(GRID_COLOUR))
    pdf.line(pdf.l_margin, bottom, pdf.l_margin + pdf.epw, bottom)
    return bottom


def theme_heading_height(size: float) -> float:
    return size * 1.15 * LINE + 2


def draw_theme_heading(pdf: Report, q: Questionnaire, theme: str, y: float, size: float) -> float:
    colour = theme_colour(q, theme)
    height = theme_heading_height(size)
    pdf.set_fill_color(*tint(colour, 0.2))
    pdf.rect(pdf.l_margin, y, pdf.epw, height, style="F")
    pdf.set_fill_color(*rgb(colour))
    pdf.rect(pdf.l_margin, y, 1.5, height, style="F")
    pdf.style(size * 1.15, bold=True)
    pdf.set_xy(pdf.l_margin + 2.5, y + 1)
    pdf.cell(pdf.epw - 3, size * 1.15 * LINE, pdf.fitted(q.themes[theme][pdf.t.language], pdf.epw - 3))
    return y + height


def bars_note(t: Translator, index: float, top3: int) -> str:
    return t("export.pdf_bar_label", index=f"{index:.1f}", top3=top3)


def draw_title(pdf: Report, title: str, subtitles: list[str]) -> float:
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


def draw_note(pdf: Report, lines: list[str], y: float, size: float) -> float:
    pdf.style(size, colour=TEXT_GREY)
    for line in lines:
        for part in pdf.lines(line, pdf.epw, 2):
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(pdf.epw, size * LINE, part)
            y += size * LINE
    return y


def draw_figures(pdf: Report, figures: list[tuple[int, str]], y: float) -> float:
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
