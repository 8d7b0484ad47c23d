"""A place's local IGM profile as a PDF: what the profile page shows, to print or send.

Status and source, the sentence that the IGM is not a ranking, the six domains' findings (well
developed / with potential), the indicator answers as stacked bars, and the place's approved good
practices. Example results and example practices are bannered on every page and marked where they
appear. Texts from files and forms are printed exactly as written. Built only when asked for (the
profile's download button, the `profile` command). The page layout is indicators/exports/pdf.py's.
"""

import datetime as dt
from pathlib import Path

import pandas as pd

from indicators import places as catalogue
from indicators.charts import ANSWER_COLOURS
from indicators.exports.pdf import LINE, TEXT_GREY, Report, new_report, rgb, tint
from indicators.framework import Framework
from indicators.i18n import Translator
from indicators.practices import by_area
from indicators.profiles import answer_counts, findings_by_domain
from indicators.questionnaire import Questionnaire
from indicators.results import ANSWERS, FINDING_TYPES

BODY = 9
SMALL = 7.5
HEADING = 11.5
BAR = 4.2  # mm, one stacked bar of the answers chart
DOMAIN_COLOUR = "#0072B2"


def _text(
    pdf: Report, text: str, size: float = BODY, bold: bool = False, colour: str = "#000000", indent=0.0
):
    """A paragraph across the page from `indent`, wrapped, breaking pages as needed."""
    pdf.style(size, bold, colour)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.epw - indent, size * LINE, text, new_x="LMARGIN", new_y="NEXT")


def _room(pdf: Report, height: float) -> None:
    """A new page unless `height` mm still fit above the bottom margin."""
    if pdf.get_y() + height > pdf.h - pdf.b_margin:
        pdf.add_page()


def _heading(pdf: Report, text: str, colour: str = DOMAIN_COLOUR) -> None:
    _room(pdf, 20)
    pdf.ln(2)
    y = pdf.get_y()
    height = HEADING * LINE + 2
    pdf.set_fill_color(*tint(colour, 0.15))
    pdf.rect(pdf.l_margin, y, pdf.epw, height, style="F")
    pdf.set_fill_color(*rgb(colour))
    pdf.rect(pdf.l_margin, y, 1.5, height, style="F")
    pdf.style(HEADING, bold=True)
    pdf.set_xy(pdf.l_margin + 3, y + 1)
    pdf.cell(pdf.epw - 4, HEADING * LINE, pdf.fitted(text, pdf.epw - 4))
    pdf.set_y(y + height + 1.5)


def _domain_heading(framework: Framework, domain: str, t: Translator) -> str:
    row = framework.domains.loc[domain]
    suggested = "" if t.language == "en" or row["name_es_official"] else f" {t('profile.suggested')}"
    return f"{row['number']}. {framework.domain_name(domain, t.language)}{suggested}"


def _findings(pdf: Report, findings: pd.DataFrame, framework: Framework, t: Translator) -> None:
    for domain, kinds in findings_by_domain(findings, framework).items():
        _heading(pdf, _domain_heading(framework, domain, t))
        for kind in FINDING_TYPES:
            _text(pdf, t(f"profile.{kind}"), BODY, bold=True)
            if not kinds[kind]:
                _text(pdf, t("profile.none_found"), SMALL, colour=TEXT_GREY, indent=3)
            for row in kinds[kind]:
                page = row.get("page")
                cited = row["source"] + (f", {t('profile.page', page=int(page))}" if pd.notna(page) else "")
                _text(pdf, f"• {row['finding']}", BODY, indent=3)
                _text(pdf, cited, SMALL, colour=TEXT_GREY, indent=6)
            pdf.ln(1)


def _answers_chart(pdf: Report, counts: pd.DataFrame, t: Translator) -> None:
    """Stacked horizontal bars, one per domain and sub-area, a segment per answer with its count."""
    _heading(pdf, t("profile.answers_title"))
    _text(pdf, t("profile.answers_caption"), SMALL, colour=TEXT_GREY)
    pdf.ln(1)
    totals = counts.groupby("group", sort=False)["count"].sum()
    label_width = pdf.epw * 0.42
    axis_width = pdf.epw - label_width - 2
    scale = axis_width / max(int(totals.max()), 1)
    for group, rows in counts.groupby("group", sort=False):
        _room(pdf, BAR * 1.5)
        y = pdf.get_y()
        pdf.style(SMALL)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(label_width, BAR, pdf.fitted(str(group), label_width), align="R")
        x = pdf.l_margin + label_width + 2
        for row in rows.itertuples():
            width = row.count * scale
            pdf.set_fill_color(*rgb(ANSWER_COLOURS[row.answer]))
            pdf.rect(x, y, width, BAR, style="F")
            number = str(row.count)
            if pdf.get_string_width(number) + 1 < width:
                dark = row.answer in ("met", "not_met")
                pdf.style(SMALL, colour="#FFFFFF" if dark else "#000000")
                pdf.set_xy(x, y)
                pdf.cell(width, BAR, number, align="C")
            x += width
        pdf.set_y(y + BAR * 1.35)
    _room(pdf, 8)
    pdf.ln(1)
    x = pdf.l_margin + label_width + 2
    pdf.style(SMALL)
    for answer in ANSWERS:
        label = t(f"answers.{answer}")
        if x + pdf.get_string_width(label) + 6 > pdf.l_margin + pdf.epw:
            x = pdf.l_margin + label_width + 2
            pdf.ln(4.5)
        y = pdf.get_y()
        pdf.set_fill_color(*rgb(ANSWER_COLOURS[answer]))
        pdf.rect(x, y + 0.5, 3, 3, style="F")
        pdf.set_xy(x + 3.5, y)
        pdf.cell(pdf.get_string_width(label) + 2, 4, label)
        x += pdf.get_string_width(label) + 9
    pdf.ln(6)


def _practices(pdf: Report, practices: pd.DataFrame, q: Questionnaire, t: Translator) -> None:
    _heading(pdf, t("practices.profile_title"), colour="#009E73")
    if practices.empty:
        _text(pdf, t("practices.profile_none"), SMALL, colour=TEXT_GREY)
        return
    for area, rows in by_area(practices).items():
        name = q.area_by_key[area].name[t.language] if area in q.area_by_key else area
        _room(pdf, 16)
        _text(pdf, name, BODY, bold=True, colour=TEXT_GREY)
        for row in rows.to_dict("records"):
            mark = f" [{t('peers.example_mark')}]" if row["is_example"] else ""
            year = f" ({row['year']})" if pd.notna(row["year"]) else ""
            _text(pdf, f"{row['title']}{year}{mark}", BODY, bold=True, indent=3)
            if row["description"]:
                _text(pdf, row["description"], BODY, indent=3)
            for extra in (row["url"], row["source"]):
                if extra:
                    _text(pdf, extra, SMALL, colour=TEXT_GREY, indent=3)
            pdf.ln(1)


def profile_pdf(
    place: dict,
    country_name: str,
    findings: pd.DataFrame,
    answers: pd.DataFrame,
    practices: pd.DataFrame,
    framework: Framework,
    q: Questionnaire,
    t: Translator,
    today: dt.date,
    font_dir: Path,
) -> bytes:
    """The profile of one place (`place`: its catalogue row) from its current results and its
    approved practices."""
    results_examples = bool(findings["is_example"].any() or answers["is_example"].any())
    examples = results_examples or bool(practices["is_example"].any() if len(practices) else False)
    pdf = new_report(t, t("profile_pdf.banner") if examples else "", today, font_dir)
    pdf.set_title(t("profile_pdf.title", name=place["name"]))
    _text(pdf, t("profile_pdf.title", name=place["name"]), 15, bold=True)
    status = catalogue.describe_status(place["status"], place["status_from"] or "", t)
    level = t(f"levels.{place['level']}")
    _text(pdf, f"{level} · {country_name} · {status}", BODY, colour=TEXT_GREY)
    source = place["source_label"] or ""
    _text(
        pdf, t("profile_pdf.source", source=" — ".join(s for s in (source, place["source_url"]) if s)), SMALL
    )
    pdf.ln(2)
    _text(pdf, t("profile.not_ranking"), SMALL, colour="#333333")
    if results_examples:
        _text(pdf, t("profile.examples"), SMALL, bold=True, colour="#D55E00")
    if findings.empty and answers.empty:
        pdf.ln(2)
        _text(pdf, t("profile.no_results", name=place["name"]), BODY, bold=True)
    else:
        _findings(pdf, findings, framework, t)
        if not answers.empty:
            _answers_chart(pdf, answer_counts(answers, framework, t.language), t)
    _practices(pdf, practices, q, t)
    return pdf.output_bytes()


def stored_profile_pdf(
    store, registries, place_id: str, t: Translator, today: dt.date, font_dir: Path
) -> bytes:
    """`profile_pdf` of a place in `store`: its catalogue row, current results, approved practices."""
    place = store.places(igm_only=False).set_index("place_id").loc[place_id].to_dict()
    place["place_id"] = place_id
    countries = store.countries().set_index("iso3")
    country = place["country"]
    name = countries.loc[country, f"name_{t.language}"] if country in countries.index else country
    return profile_pdf(
        place,
        name,
        store.current_findings([place_id]),
        store.current_answers([place_id]),
        store.practices(state="approved", place_id=place_id),
        registries.framework,
        registries.questionnaire,
        t,
        today,
        font_dir,
    )
