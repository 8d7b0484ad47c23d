"""A round's files (`export … --round KEY [--compare-to KEY]`): the summaries of that round's answers,
the change since another round, and the commitments of those rounds.

The summaries are those of every other export (the same columns, sheets and PDF report), computed from
the round's answer rows with the readable pandas path (summary.priority_summary), since the kept sums
of the live pages add up every round. The change compares only the local governments that answered
in both rounds (indicators/rounds.py) and says how many they are. A CSV holds one table: the change
when there is one, else the round's summary. The XLSX gains a change sheet and a commitments sheet,
the PDF a page for each.
"""

import datetime as dt
from pathlib import Path

import pandas as pd

from indicators.commitments import is_overdue, status_counts
from indicators.config import DEFAULT_FONT_DIR
from indicators.exports import followup
from indicators.exports.csv import export_csv
from indicators.exports.errors import NothingToExport
from indicators.exports.pdf import draw_title, new_report
from indicators.exports.reports import export_pdf_municipality, export_pdf_region
from indicators.exports.tables import Names, banner
from indicators.exports.xlsx import export_xlsx
from indicators.i18n import Translator
from indicators.questionnaire import MAX_AREAS, Questionnaire
from indicators.rounds import area_change, examples_in_both, places_in_both, round_name
from indicators.summary import priority_summary
from indicators.validation import Problem


def round_problems(request, rounds: set[str] | None) -> list[Problem]:
    """What is wrong with a request's rounds (`rounds`: the known keys; None when it names none)."""
    problems = []
    if request.compare_to and not request.round_key:
        problems.append(Problem(None, "round", "", "compare_needs_round"))
    for field, key in (("round", request.round_key), ("compare_to", request.compare_to)):
        if key and rounds is not None and key not in rounds:
            known = ", ".join(sorted(rounds))
            problems.append(Problem(None, field, key, "unknown_round", {"round": key, "known": known}))
    if request.round_key and request.round_key == request.compare_to:
        problems.append(
            Problem(None, "compare_to", request.compare_to, "same_round", {"round": request.round_key})
        )
    return problems


def _counts(answers: pd.DataFrame) -> dict[str, int]:
    heads = answers.drop_duplicates("assessment_id")
    return {
        "responses": len(heads),
        "local_governments": int(heads["place_id"].nunique()),
        "countries": int(heads["country"].nunique()),
        "examples": int(heads["is_example"].sum()),
    }


def _participation(answers: pd.DataFrame, by: str) -> pd.DataFrame:
    heads = answers.drop_duplicates("assessment_id")
    grouped = heads.groupby(by)["is_example"].agg(assessments="count", examples="sum").reset_index()
    return grouped.rename(columns={by: "group"}).astype({"assessments": int, "examples": int})


def round_file(
    store,
    q: Questionnaire,
    t: Translator,
    request,
    names: Names,
    levels: tuple[str, ...],
    today: dt.date | None = None,
    font_dir: Path = DEFAULT_FONT_DIR,
) -> bytes:
    """The file for a request with a round (checked by the caller); `levels` are the summary sheets
    its scope has."""
    today = today or dt.date.today()
    lang, after, before = t.language, request.round_key, request.compare_to
    rounds = store.rounds()
    after_name = round_name(rounds, after, lang)
    answers = store.submitted_answers(request.place_id, request.country, round_key=after)
    for column in ("action", "office", "timeframe"):  # a missing text is None, as the summaries expect
        answers[column] = answers[column].astype(object).where(answers[column].notna(), None)
    scope_name = (
        names.place(request.place_id)
        if request.place_id
        else names.country(request.country)
        if request.country
        else t("export.the_region")
    )
    round_note = t("change.round_note", round=after_name)

    change = None
    if before:
        before_name = round_name(rounds, before, lang)
        means = store.round_place_means([before, after], request.place_id, request.country)
        places = places_in_both(means, before, after)
        raw_change = area_change(means, q, before, after)
        change = followup.change_table(raw_change, q, t, before_name, after_name)
        shares = examples_in_both(means, before, after)  # the assessments the change rests on
        change_banner = banner(t, *shares)
        change_note = followup.change_note(t, places, before_name, after_name)
        change_title = t("change.title", before=before_name, after=after_name)

    found = store.commitments(request.place_id, request.country)
    found = found[found["round_key"].isin([after, before])].reset_index(drop=True)
    tables = {
        by: followup.status_table(status_counts(found, q, by), q, t, rounds, by) for by in ("theme", "gcm")
    }
    late = found[is_overdue(found, today)] if len(found) else found
    tables["overdue"] = followup.commitments_table(late, q, t, names, rounds, today, followup.OVERDUE_COLUMNS)
    commitments_title = t("commitments.file_title", scope=scope_name)
    commitments_banner = followup.examples_banner(t, found)

    if request.format == "csv":
        if change is not None:
            return followup.change_csv(raw_change, places, shares, q, t, (before_name, after_name), today)
        if answers.empty:
            raise NothingToExport(scope_name)
        summary = priority_summary(answers, q, lang, request.scope)
        return export_csv(summary, q, t, names, request.hxl, today, round_note)

    if request.format == "xlsx":
        generated = t("export.generated", date=t.long_date(today))

        def more_sheets(book, formats) -> None:
            if change is not None:
                title = " · ".join([t("app.name"), change_title, generated])
                followup.change_sheet(book, formats, t, change, change_note, title, change_banner)
            title = " · ".join([t("app.name"), commitments_title, generated])
            followup.commitments_sheet(book, formats, t, tables, title, commitments_banner)

        summaries = {level: priority_summary(answers, q, lang, level) for level in levels}
        return export_xlsx(
            summaries, q, t, names, request.hxl, today, store.boundary_sources(), more_sheets, round_note
        )

    def more_pages(pdf) -> None:
        if change is not None:
            followup.change_page(pdf, t, q, raw_change, change_note, change_title, change_banner)
        followup.commitments_page(pdf, t, tables, commitments_title, commitments_banner)

    if answers.empty:  # no answer in this round yet: the follow-up's pages only
        pdf = new_report(t, "", today, font_dir)
        draw_title(pdf, t("change.pdf_title", scope=scope_name), [round_note, t("change.no_answers")])
        more_pages(pdf)
        return pdf.output_bytes()
    counts = _counts(answers)
    if request.scope == "local_government":
        summary = priority_summary(answers, q, lang, "local_government")
        share = (counts["examples"], counts["responses"])
        return export_pdf_municipality(
            summary, share, q, t, names, request.place_id, today, font_dir, more_pages, round_note
        )
    every_area = priority_summary(answers, q, lang, "region", top_n=MAX_AREAS)
    participation = _participation(answers, "place_id" if request.country else "country")
    return export_pdf_region(
        every_area,
        counts,
        participation,
        q,
        t,
        names,
        request.country,
        today,
        font_dir,
        more_pages,
        round_note,
    )
