"""The seminar's closing report as a PDF (A4 portrait, the layout of indicators/exports/pdf.py):
participation, attendance and certificates, each round table's priorities with its quadrant
picture, the commitments, and the consultation's change in knowledge and satisfaction.

Example assessments are labelled by the banner on every page and beside every action that comes
from one. No participant's name or e-mail address is in it (indicators/closing_report.py gives only
counts, aggregates and local governments' actions).
"""

import datetime as dt
from pathlib import Path

import pandas as pd

from indicators.certificates import date_range
from indicators.closing_report import ClosingFacts, closing_facts, participation
from indicators.consultation import Consultation
from indicators.exports.pdf import (
    GRID_COLOUR,
    LINE,
    TEXT_GREY,
    Report,
    draw_figures,
    draw_note,
    draw_theme_heading,
    draw_title,
    new_report,
    rgb,
    theme_colour,
    theme_heading_height,
    tint,
)
from indicators.exports.tables import Names, banner
from indicators.i18n import Translator
from indicators.participants import KINDS, MODES, activities
from indicators.presenter import CAPACITY_MIDPOINT, PRIORITY_MIDPOINT
from indicators.questionnaire import Questionnaire
from indicators.scoring import MAX_CAPACITY

SIZE = 8.5
ACTIONS_PER_TABLE = 15  # a round table's list of actions stops here and says how many more there are
PICTURE_WIDTH, PICTURE_HEIGHT = 72.0, 52.0


def closing_pdf(
    facts: ClosingFacts,
    seminar: dict,
    q: Questionnaire,
    c: Consultation,
    t: Translator,
    names: Names,
    today: dt.date,
    font_dir: Path,
) -> bytes:
    lang = t.language
    pdf = new_report(t, banner(t, facts.counts["examples"], facts.counts["responses"]), today, font_dir)
    title = t("closing.title")
    pdf.set_title(title)
    when = date_range(t, seminar["start"], seminar["end"])
    subtitles = [seminar["title"][lang], f"{seminar['place'][lang]} · {when}", t("closing.no_personal_data")]
    y = draw_title(pdf, title, subtitles)
    y = _participation(pdf, facts, seminar, names, y)
    y = _round_tables(pdf, facts, q, y)
    y = _commitments(pdf, facts, q, names, y)
    _evaluation(pdf, facts, c, y)
    return pdf.output_bytes()


def closing_report_file(
    store, q: Questionnaire, c: Consultation, seminar: dict, t: Translator, font_dir: Path, today=None
) -> bytes:
    """The closing report of what `store` holds now (the command `report` and the organisers' page)."""
    facts = closing_facts(store, q, c, seminar)
    names = Names.from_frames(store.places(igm_only=False), store.countries(), t.language)
    return closing_pdf(facts, seminar, q, c, t, names, today or dt.date.today(), font_dir)


# --- drawing helpers ----------------------------------------------------------------------------


def _room(pdf: Report, y: float, needed: float) -> float:
    """`y`, or the top of a new page when `needed` mm do not fit below it."""
    if y + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
        return pdf.get_y()
    return y


def _heading(pdf: Report, text: str, y: float) -> float:
    y = _room(pdf, y + 3, 20)
    pdf.style(12, bold=True)
    pdf.set_xy(pdf.l_margin, y)
    pdf.cell(pdf.epw, 6, text)
    return y + 8


def _table(pdf: Report, header: list[str], rows: list[list[str]], shares: list[float], y: float) -> float:
    """A table with wrapped cells (at most 3 lines each), its header again on every new page."""
    widths = [pdf.epw * s for s in shares]
    aligns = ["L"] + ["R" if all(_numeric(r[i]) for r in rows) else "L" for i in range(1, len(header))]

    def laid_out(values: list[str], bold: bool) -> tuple[list[list[str]], float]:
        pdf.style(_size(bold), bold)
        cells = [pdf.lines(str(v), w, 3) or [""] for v, w in zip(values, widths, strict=True)]
        return cells, max(len(c) for c in cells) * _size(bold) * LINE + 1.4

    def draw(values: list[str], bold: bool, y: float) -> float:
        cells, height = laid_out(values, bold)
        if bold:
            pdf.set_fill_color(235, 235, 235)
            pdf.rect(pdf.l_margin, y, pdf.epw, height, style="F")
        x = pdf.l_margin
        for lines, width, align in zip(cells, widths, aligns, strict=True):
            for number, line in enumerate(lines):
                pdf.style(_size(bold), bold, TEXT_GREY if bold else "#000000")
                pdf.set_xy(x, y + 0.7 + number * _size(bold) * LINE)
                pdf.cell(width, _size(bold) * LINE, line, align=align)
            x += width
        pdf.set_draw_color(*rgb(GRID_COLOUR))
        pdf.line(pdf.l_margin, y + height, pdf.l_margin + pdf.epw, y + height)
        return y + height

    y = draw(header, True, _room(pdf, y, 14))
    for row in rows:
        _, height = laid_out(row, False)
        if y + height > pdf.h - pdf.b_margin:
            pdf.add_page()
            y = draw(header, True, pdf.get_y())
        y = draw(row, False, y)
    return y + 3


def _size(header: bool) -> float:
    return SIZE * 0.88 if header else SIZE


def _numeric(text: str) -> bool:
    return str(text).replace(".", "", 1).replace("+", "", 1).replace("−", "", 1).replace(" %", "").isdigit()


# --- sections -----------------------------------------------------------------------------------


def _participation(pdf: Report, facts: ClosingFacts, seminar: dict, names: Names, y: float) -> float:
    t = pdf.t
    y = _heading(pdf, t("closing.participation"), y)
    people = facts.people
    if people.empty:
        return draw_note(pdf, [t("closing.no_roster")], y, SIZE) + 3
    counted = people["country"][people["country"].fillna("") != ""]
    figures = [
        (len(people), t("closing.fig_participants")),
        (counted.nunique(), t("closing.fig_countries")),
        *((int((people["mode"] == m).sum()), t(f"participants.mode_{m}")) for m in MODES),
    ]
    y = draw_figures(pdf, figures, y)
    table = participation(people, KINDS, MODES)
    header = [t("closing.col_country"), *(t(f"participants.kind_plural_{k}") for k in KINDS)]
    header += [t(f"participants.mode_{m}") for m in MODES] + [t("closing.col_total")]
    rows = [
        [names.country(r["country"]) if r["country"] else t("closing.no_country")]
        + [str(r[k]) for k in (*KINDS, *MODES, "total")]
        for r in table.to_dict("records")
    ]
    shares = [0.2] + [0.13] * len(KINDS) + [0.1] * len(MODES) + [0.08]
    y = _table(pdf, header, rows, shares, y)
    if facts.removed:
        y = draw_note(pdf, [t("closing.removed", count=facts.removed)], y, SIZE * 0.9) + 2
    lang = t.language
    titles = {a.key: a.title[lang] for a in activities(seminar)}
    rows = [[titles[r.activity], str(r.attended)] for r in facts.attendance.itertuples()]
    y = _table(pdf, [t("closing.col_activity"), t("closing.col_attended")], rows, [0.8, 0.2], y)
    earned, candidates = facts.certified
    return draw_note(pdf, [t("closing.certified", earned=earned, candidates=candidates)], y, SIZE) + 2


def _round_tables(pdf: Report, facts: ClosingFacts, q: Questionnaire, y: float) -> float:
    t = pdf.t
    y = _heading(pdf, t("closing.round_tables"), y)
    if not facts.counts["responses"]:
        return draw_note(pdf, [t("export.pdf_no_answers")], y, SIZE) + 3
    y = (
        draw_note(
            pdf,
            [t("closing.round_tables_note", responses=facts.counts["responses"]), t("export.not_ranking")],
            y,
            SIZE * 0.9,
        )
        + 2
    )
    for theme in q.themes:
        rows = facts.ranked[facts.ranked["theme"] == theme].sort_values("rank")
        y = _room(pdf, y, theme_heading_height(SIZE) + PICTURE_HEIGHT + 12)
        y = draw_theme_heading(pdf, q, theme, y, SIZE) + 2
        if rows.empty:
            y = draw_note(pdf, [t("export.pdf_no_answers")], y, SIZE) + 3
            continue
        _quadrant_picture(pdf, rows, q, theme, pdf.l_margin, y)
        list_x = pdf.l_margin + PICTURE_WIDTH + 6
        list_width = pdf.epw - PICTURE_WIDTH - 6
        line_y = y
        pdf.style(SIZE, bold=True, colour=TEXT_GREY)
        pdf.set_xy(list_x, line_y)
        pdf.cell(list_width, SIZE * LINE, t("closing.top_areas"))
        line_y += SIZE * LINE + 1
        for row in rows.itertuples():
            top = row.rank <= 3
            lines = [(f"{row.rank}. {q.area_by_key[row.area_key].name[t.language]}", SIZE, top, "#000000")]
            if top:  # beyond the top 3, the name and its number on the picture are enough
                detail = t(
                    "closing.area_detail",
                    index=f"{row.index:.1f}",
                    capacity=f"{row.capacity:.1f}",
                    priority=f"{row.priority:.1f}",
                    top3=row.top3,
                    quadrant=t(f"presenter.quadrant_{row.quadrant}"),
                )
                lines.append((detail, SIZE * 0.85, False, TEXT_GREY))
            for text, size, bold, colour in lines:
                pdf.style(size, bold, colour)
                for line in pdf.lines(text, list_width, 2):
                    pdf.set_xy(list_x, line_y)
                    pdf.cell(list_width, size * LINE, line)
                    line_y += size * LINE
            line_y += 0.8
        y = max(y + PICTURE_HEIGHT + 4, line_y + 3)
    return y


def _quadrant_picture(
    pdf: Report, rows: pd.DataFrame, q: Questionnaire, theme: str, x: float, y: float
) -> None:
    """Mean capacity (0–4, across) against mean priority (1–3, up), split at the midpoints; each area a
    dot in the round table's colour with its number in the list beside."""
    t = pdf.t
    left, bottom = x + 7, y + PICTURE_HEIGHT - 7
    width, height = PICTURE_WIDTH - 8, PICTURE_HEIGHT - 9

    def at(capacity: float, priority: float) -> tuple[float, float]:
        return left + width * capacity / MAX_CAPACITY, bottom - height * (priority - 1) / 2

    mid_x, mid_y = at(CAPACITY_MIDPOINT, PRIORITY_MIDPOINT)
    pdf.set_fill_color(*tint("#D55E00", 0.12))  # "act now": high priority, low capacity
    pdf.rect(left, bottom - height, mid_x - left, mid_y - (bottom - height), style="F")
    pdf.set_draw_color(*rgb("#777777"))
    pdf.set_line_width(0.2)
    pdf.rect(left, bottom - height, width, height)
    pdf.set_dash_pattern(dash=1, gap=1)
    pdf.line(mid_x, bottom - height, mid_x, bottom)
    pdf.line(left, mid_y, left + width, mid_y)
    pdf.set_dash_pattern()
    pdf.style(6.5, colour=TEXT_GREY)
    for key, (cx, cy, align) in {
        "act_now": (left + 1, bottom - height + 1, "L"),
        "sustain": (left + width - 31, bottom - height + 1, "R"),
        "prepare": (left + 1, bottom - 4, "L"),
        "monitor": (left + width - 31, bottom - 4, "R"),
    }.items():
        pdf.set_xy(cx, cy)
        pdf.cell(30, 3, t(f"presenter.quadrant_{key}"), align=align)
    for tick in range(0, MAX_CAPACITY + 1):
        tx, _ = at(tick, 1)
        pdf.set_xy(tx - 3, bottom + 0.5)
        pdf.cell(6, 3, str(tick), align="C")
    for tick in (1, 2, 3):
        _, ty = at(0, tick)
        pdf.set_xy(left - 5, ty - 1.5)
        pdf.cell(4, 3, str(tick), align="R")
    pdf.set_xy(left, bottom + 3.5)
    pdf.cell(width, 3, pdf.fitted(t("presenter.capacity_axis"), width), align="C")
    # Turned a quarter to the left about its start, the label runs up the axis (fpdf2 reads a
    # negative x as "from the right edge", so the text is not placed left of the pivot).
    label = pdf.fitted(t("presenter.priority_axis"), height)
    with pdf.rotation(90, x + 0.3, bottom):
        pdf.set_xy(x + 0.3, bottom)
        pdf.cell(height, 3, label, align="C")
    colour = rgb(theme_colour(q, theme))
    for row in rows.itertuples():
        px, py = at(float(row.capacity), float(row.priority))
        pdf.set_fill_color(*colour)
        pdf.set_draw_color(26, 26, 26)
        pdf.circle(px, py, 1.3, style="FD")
        pdf.style(6.5, bold=True)
        pdf.set_xy(px + 1.4, py - 1.6)
        pdf.cell(5, 3, str(row.rank))


def _commitments(pdf: Report, facts: ClosingFacts, q: Questionnaire, names: Names, y: float) -> float:
    t = pdf.t
    lang = t.language
    y = _heading(pdf, t("closing.commitments"), y)
    y = draw_note(pdf, [t(f"closing.commitments_{facts.commitments_source}")], y, SIZE * 0.9) + 2
    listed = facts.commitments
    if listed.empty:
        return draw_note(pdf, [t("closing.no_commitments")], y, SIZE) + 3
    header = [t("closing.col_area"), t("closing.col_local_government"), t("closing.col_action")]
    header += [t("closing.col_office"), t("closing.col_timeframe")]
    for theme in q.themes:
        rows = listed[listed["theme"] == theme]
        if rows.empty:
            continue
        y = _room(pdf, y, theme_heading_height(SIZE) + 20)
        y = draw_theme_heading(pdf, q, theme, y, SIZE) + 1.5
        cells = []
        for row in rows.head(ACTIONS_PER_TABLE).itertuples():
            place = names.place(row.place_id)
            country = names.places.get(row.place_id, {}).get("country", "")
            where = f"{place} ({country})" + (f" · {t('closing.example')}" if row.is_example else "")
            timeframe = q.label("timeframe", row.timeframe, lang) if row.timeframe else ""
            cells.append(
                [q.area_by_key[row.area_key].name[lang], where, row.action, row.office or "", timeframe]
            )
        y = _table(pdf, header, cells, [0.24, 0.18, 0.34, 0.13, 0.11], y)
        if len(rows) > ACTIONS_PER_TABLE:
            y = (
                draw_note(
                    pdf, [t("closing.more_actions", count=len(rows) - ACTIONS_PER_TABLE)], y, SIZE * 0.9
                )
                + 2
            )
    return y


def _evaluation(pdf: Report, facts: ClosingFacts, c: Consultation, y: float) -> float:
    t = pdf.t
    lang = t.language
    ev = facts.evaluation
    y = _heading(pdf, t("closing.evaluation"), y)
    if ev.empty:
        return draw_note(pdf, [t("closing.no_consultation")], y, SIZE) + 3
    y = (
        draw_note(pdf, [t("evaluation.alt_counts", before=ev.before, after=ev.after, both=ev.both)], y, SIZE)
        + 2
    )
    texts = {i.key: i.text[lang] for i in c.items}

    def number(value) -> str:
        return "–" if pd.isna(value) else f"{value:.2f}"

    rows = [
        [texts[r.item], str(r.both), number(r.mean_before), number(r.mean_after), _signed(r.mean_change)]
        for r in ev.knowledge.itertuples()
    ]
    header = [
        t("consult.col_question"),
        t("evaluation.col_answered"),
        t("evaluation.before"),
        t("evaluation.after"),
    ]
    y = _table(pdf, [*header, t("consult.col_mean_change")], rows, [0.5, 0.14, 0.12, 0.12, 0.12], y)
    rows = [
        [
            texts[r.item],
            str(r.answered),
            f"{r.agree}",
            "–" if pd.isna(r.share) else f"{round(100 * r.share)} %",
        ]
        for r in ev.agreement.itertuples()
    ]
    header = [t("consult.col_question"), t("evaluation.col_answered"), t("evaluation.col_agree"), "%"]
    y = _table(pdf, header, rows, [0.58, 0.14, 0.16, 0.12], y)
    return draw_note(pdf, [t("evaluation.note")], y, SIZE * 0.9)


def _signed(value) -> str:
    if pd.isna(value):
        return "–"
    return f"+{value:.2f}" if value > 0 else f"{value:.2f}".replace("-", "−")
