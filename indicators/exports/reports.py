"""The PDF reports: one local government's one-page summary, a country's or the region's report,
and the seminar consultation's results. Each takes tables and returns the file's bytes.

A local government's summary always fits on one page: the font shrinks and long texts are cut with
"…" until it does. The example banner is on every page of every report.
"""

import datetime as dt
from pathlib import Path

import pandas as pd

from indicators.config import DEFAULT_FONT_DIR
from indicators.exports.errors import NothingToExport
from indicators.exports.pdf import (
    GRID_COLOUR,
    LEGEND_HEIGHT,
    LINE,
    TEXT_GREY,
    Bar,
    Report,
    bar_chart_height,
    bars_note,
    draw_bar_chart,
    draw_figures,
    draw_legend,
    draw_note,
    draw_row,
    draw_table_header,
    draw_theme_heading,
    draw_title,
    new_report,
    rgb,
    table_header_height,
    table_rows,
    theme_colour,
    theme_heading_height,
)
from indicators.exports.tables import Names, banner
from indicators.i18n import Translator
from indicators.questionnaire import Questionnaire

# --- one local government ---------------------------------------------------------------------

# Tried in order until the page fits; every cell is capped at `max_lines`, so the last one always does.
LOCAL_GOVERNMENT_FITS = ((8.0, 4), (7.5, 4), (7.0, 4), (6.5, 3), (6.0, 3), (5.5, 2))


def export_pdf_municipality(
    summary: pd.DataFrame,
    share: tuple[int, int],
    q: Questionnaire,
    t: Translator,
    names: Names,
    place_id: str,
    today: dt.date | None = None,
    font_dir: Path = DEFAULT_FONT_DIR,
    more_pages=None,
    round_note: str = "",
) -> bytes:
    """A one-page summary of one local government: its top 3 areas of each round table and a chart.

    `summary` is its priority summary (summary.SUMMARY_COLUMNS); `share` its (example, all) assessments.
    `more_pages(pdf)`, when given, adds the follow-up's pages after it.
    """
    examples, total = share
    if not total:
        raise NothingToExport(names.place(place_id))
    today = today or dt.date.today()
    pdf = new_report(t, banner(t, examples, total), today, font_dir)
    title = t("export.pdf_title_local_government", name=names.place(place_id))
    pdf.set_title(title)
    place = names.places.get(place_id, {})
    about = [
        t(f"levels.{place['level']}") if place else "",
        names.country(place.get("country", "")),
        t("export.generated", date=t.long_date(today)),
        t("export.assessments", count=total),
        round_note,  # a round's answers only (exports/round_request.py)
    ]
    y = draw_title(pdf, title, [" · ".join(p for p in about if p), t("export.pdf_subtitle")])
    themes = [theme for theme in q.themes if (summary["theme"] == theme).any()]
    for size, max_lines in LOCAL_GOVERNMENT_FITS:
        tables = {
            theme: table_rows(pdf, summary[summary["theme"] == theme], size, max_lines) for theme in themes
        }
        bar = size * 0.5
        chart = size * LINE * 1.2 + 1 + bar_chart_height(len(summary), bar, size) + LEGEND_HEIGHT
        body = sum(theme_heading_height(size) + sum(r.height(size) for r in rs) for rs in tables.values())
        note = 2 * size * LINE + 3
        if y + chart + table_header_height(size) + body + note <= pdf.h - pdf.b_margin:
            break

    pdf.style(size * 1.05, bold=True)
    pdf.set_xy(pdf.l_margin, y)
    pdf.cell(pdf.epw, size * LINE * 1.2, t("export.pdf_chart_local_government"))
    y += size * LINE * 1.2 + 1
    bars = [
        Bar(r.area, r.index, theme_colour(q, r.theme), bars_note(t, r.index, r.top3))
        for r in summary.sort_values(["index", "top3"], ascending=False, kind="stable").itertuples()
    ]
    y = draw_bar_chart(pdf, bars, y, bar, size)
    y = draw_legend(pdf, q, themes, y, size)
    y = draw_table_header(pdf, y, size)
    for theme in themes:
        y = draw_theme_heading(pdf, q, theme, y, size)
        for row in tables[theme]:
            y = draw_row(pdf, row, y, size)
    draw_note(pdf, [t("export.formula_short"), t("export.not_ranking")], y + 1.5, size * 0.85)
    if more_pages is not None:
        more_pages(pdf)
    return pdf.output_bytes()


# --- a country or the region ----------------------------------------------------------------

REGION_SIZE = 8.0
REGION_MAX_LINES = 5
REGION_BAR = 4.2  # bar thickness in mm


def export_pdf_region(
    every_area: pd.DataFrame,
    counts: dict[str, int],
    participation: pd.DataFrame,
    q: Questionnaire,
    t: Translator,
    names: Names,
    country: str | None = None,
    today: dt.date | None = None,
    font_dir: Path = DEFAULT_FONT_DIR,
    more_pages=None,
    round_note: str = "",
) -> bytes:
    """The report of the region, or of one country (`country`, ISO3): a chart and the top 3 per table
    (then the follow-up's pages, `more_pages(pdf)`, when given).

    `every_area` is the region's summary with every area ranked; `counts` the scope's responses,
    examples, local governments and countries (aggregates.scope_counts); `participation` the
    assessments and examples per country, or per local government of the country
    (aggregates.participation, its group in a `group` column).
    """
    examples, total = counts["examples"], counts["responses"]
    if not total:
        raise NothingToExport(names.country(country) if country else t("export.the_region"))
    today = today or dt.date.today()
    title = (
        t("export.pdf_title_country", country=names.country(country))
        if country
        else t("export.pdf_title_region")
    )
    pdf = new_report(t, banner(t, examples, total), today, font_dir)
    pdf.set_title(title)
    generated = " · ".join(p for p in (t("export.generated", date=t.long_date(today)), round_note) if p)
    y = draw_title(pdf, title, [generated, t("export.pdf_subtitle")])
    figures = [
        (total, t("export.pdf_scope_assessments")),
        (counts["local_governments"], t("export.pdf_scope_local_governments")),
        (counts["countries"], t("export.pdf_scope_countries")),
    ]
    if examples:
        figures.append((examples, t("export.pdf_of_which_examples")))
    y = draw_figures(pdf, figures, y)
    y = draw_note(pdf, [t("export.formula_short"), t("export.not_ranking")], y, 7) + 3

    size = REGION_SIZE
    for theme in q.themes:
        rows = every_area[every_area["theme"] == theme]
        pdf.style(size)
        table = table_rows(pdf, rows[rows["rank"] <= 3], size, REGION_MAX_LINES)
        caption = size * LINE * 1.2 + 1  # the line over the chart, and the one over the table
        chart = bar_chart_height(max(len(rows), 1), REGION_BAR, size)
        body = table_header_height(size) + sum(r.height(size) for r in table)
        needed = theme_heading_height(size) + 2 + 2 * caption + chart + body
        if y + needed > pdf.h - pdf.b_margin:
            pdf.add_page()
            y = pdf.get_y()
        y = draw_theme_heading(pdf, q, theme, y, size) + 2
        if rows.empty:
            y = draw_note(pdf, [t("export.pdf_no_answers")], y, size) + 4
            continue
        pdf.style(size, bold=True, colour=TEXT_GREY)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(pdf.epw, size * LINE * 1.2, t("export.pdf_chart_theme"))
        y += caption
        bars = [
            Bar(r.area, r.index, theme_colour(q, theme), bars_note(t, r.index, r.top3))
            for r in rows.itertuples()
        ]
        y = draw_bar_chart(pdf, bars, y, REGION_BAR, size)
        pdf.style(size, bold=True, colour=TEXT_GREY)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(pdf.epw, size * LINE * 1.2, t("export.pdf_top3_title"))
        y += caption
        y = draw_table_header(pdf, y, size)
        for row in table:
            y = draw_row(pdf, row, y, size)
        y += 6  # space between round tables
    _participation(pdf, participation, t, names, by_place=country is not None, y=y)
    if more_pages is not None:
        more_pages(pdf)
    return pdf.output_bytes()


def _participation(
    pdf: Report, counts: pd.DataFrame, t: Translator, names: Names, by_place: bool, y: float
) -> None:
    """Assessments per country (region) or per local government (a country), examples counted apart."""
    counts = counts.copy()
    counts["name"] = [names.place(v) if by_place else names.country(v) for v in counts["group"]]
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
        pdf.set_draw_color(*rgb(GRID_COLOUR))
        pdf.line(pdf.l_margin, y + line, pdf.l_margin + pdf.epw, y + line)
        return y + line

    y = draw(header, True, y)
    for row in counts.itertuples():
        if y + line > bottom:
            pdf.add_page()
            y = draw(header, True, pdf.get_y())
        y = draw([row.name, str(row.assessments), str(int(row.examples))], False, y)


def consultation_pdf(
    responses: pd.DataFrame, tables: dict[str, pd.DataFrame], t: Translator, today: dt.date, font_dir: Path
) -> bytes:
    """The consultation's tables one under the other, headed by how many took part."""
    pdf = new_report(t, "", today, font_dir)
    title = t("consult.results_title")
    y = draw_title(pdf, title, [t("consult.participants", count=responses["participant_id"].nunique())])
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
