"""The one way into the exports: check a request once, read the store, hand tables to a writer.

This module (and round_request.py, for a round's files) is all of the package that reads the store;
the writers (csv, xlsx, pdf, reports, followup) take tables and return bytes. `check_request` is the
rule the command line, the organisers' view and the tests share: it returns problems instead of
printing or raising, so each says them in its own words (the command line names its options, the
view its fields).
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from indicators import aggregates
from indicators.config import DEFAULT_FONT_DIR
from indicators.consultation import Consultation, consultation_tables
from indicators.exports.csv import export_csv, write_csv
from indicators.exports.errors import NoConsultationAnswers, NothingToExport
from indicators.exports.reports import consultation_pdf, export_pdf_municipality, export_pdf_region
from indicators.exports.round_request import round_file, round_problems
from indicators.exports.tables import Names
from indicators.exports.xlsx import consultation_xlsx, export_xlsx
from indicators.i18n import Translator
from indicators.questionnaire import MAX_AREAS, Questionnaire
from indicators.store import Store
from indicators.summary import SCOPE_ALIASES, SCOPES, stored_priority_summary
from indicators.validation import Problem

FORMATS = ("csv", "xlsx", "pdf")
# The scopes each scope's spreadsheet holds: a scope and everything under it.
SCOPE_SHEETS = {
    "local_government": ("local_government",),
    "country": ("local_government", "country"),
    "region": SCOPES,
}
# Which of `place_id` and `country` may narrow each scope.
NARROWED_BY = {"local_government": ("place", "country"), "country": ("country",), "region": ()}


@dataclass(frozen=True)
class ExportRequest:
    """What to export. `place_id` and `country` narrow the answers; a PDF of a local government
    needs `place_id`, of a country `country`. `check_request` says whether it can be served."""

    scope: str  # one of summary.SCOPES ("municipality" is read as "local_government")
    format: str  # one of FORMATS
    place_id: str | None = None
    country: str | None = None
    hxl: bool = False
    # The region's file without its rows per local government (a focal point's or a viewer's: see
    # accounts.permitted_export).
    aggregates_only: bool = False
    # A round's answers only, and the change since another round (round_request.py).
    round_key: str | None = None
    compare_to: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "scope", SCOPE_ALIASES.get(self.scope, self.scope))
        if self.country:
            object.__setattr__(self, "country", self.country.upper())


def check_request(
    request: ExportRequest, places: pd.DataFrame, countries: set[str], rounds: set[str] | None = None
) -> list[Problem]:
    """What is wrong with `request`, given the known places (place_id, country), ISO3 codes and
    round keys (needed only when the request names a round).

    Each problem's `column` is the field ("scope", "format", "place", "country") and its `reason` a
    key the caller words: under "export_cli." on the command line, under "export_request." on pages.
    """
    problems = []

    def refuse(field: str, given: str | None, reason: str, **params) -> None:
        problems.append(Problem(None, field, given or "", reason, params))

    if request.scope not in SCOPES:
        refuse("scope", request.scope, "not_in_list", value=request.scope, allowed=", ".join(SCOPES))
    if request.format not in FORMATS:
        refuse("format", request.format, "not_in_list", value=request.format, allowed=", ".join(FORMATS))
    if problems:
        return problems
    for field, value in (("place", request.place_id), ("country", request.country)):
        if value and field not in NARROWED_BY[request.scope]:
            refuse(field, value, "not_for_scope", option=field, scope=request.scope)
    if request.country and request.country not in countries:
        refuse(
            "country",
            request.country,
            "unknown_country",
            country=request.country,
            known=", ".join(sorted(countries)),
        )
    if request.place_id:
        country_of = places.set_index("place_id")["country"]
        if request.place_id not in country_of.index:
            refuse("place", request.place_id, "unknown_place", place=request.place_id)
        elif request.country and country_of[request.place_id] != request.country:
            refuse(
                "place",
                request.place_id,
                "place_not_in_country",
                place=request.place_id,
                country=request.country,
            )
    problems += round_problems(request, rounds)
    if request.format == "pdf" and request.scope == "local_government" and not request.place_id:
        refuse("place", "", "place_required")
    if request.format == "pdf" and request.scope == "country" and not request.country:
        refuse("country", "", "country_required")
    return problems


def export_file(
    store: Store,
    q: Questionnaire,
    t: Translator,
    request: ExportRequest,
    today: dt.date | None = None,
    font_dir: Path = DEFAULT_FONT_DIR,
) -> bytes:
    """The file's bytes for `request`, from the submitted answers in `store`.

    Raises ValueError for a request `check_request` refuses (callers check first, to word it),
    and NothingToExport when no submitted assessment is in the scope.
    """
    places = store.places(igm_only=False)
    countries = store.countries()
    rounds = set(store.rounds()["round_key"]) if request.round_key or request.compare_to else None
    problems = check_request(request, places, set(countries["iso3"]), rounds)
    if problems:
        raise ValueError(f"export request refused: {[(p.column, p.reason) for p in problems]}")
    names = Names.from_frames(places, countries, t.language)
    if request.round_key:  # one round's answers, the change since another, the commitments
        return round_file(store, q, t, request, names, SCOPE_SHEETS[request.scope], today, font_dir)
    scope = SCOPE_ALIASES.get(request.scope, request.scope)
    # Aggregated in DuckDB (indicators/aggregates.py): no answer rows leave the database.
    # One scan of the answers gives the counts and the sums every level is rolled up from.
    counts, sums = aggregates.counts_and_sums(store, q, request.place_id, request.country)
    if not counts["responses"]:
        if request.place_id:
            raise NothingToExport(names.place(request.place_id))
        raise NothingToExport(names.country(request.country) if request.country else t("export.the_region"))

    def summary(level: str, top_n: int = 3) -> pd.DataFrame:
        return stored_priority_summary(
            store, q, t.language, level, request.place_id, request.country, top_n=top_n, sums=sums
        )

    if request.format == "pdf":
        if scope == "local_government":
            share = (counts["examples"], counts["responses"])
            return export_pdf_municipality(
                summary("local_government"), share, q, t, names, request.place_id, today, font_dir
            )
        by = "local_government" if request.country else "country"
        participation = aggregates.participation(store, q, by, country=request.country)
        every_area = summary("region", top_n=MAX_AREAS)
        return export_pdf_region(
            every_area, counts, participation, q, t, names, request.country, today, font_dir
        )
    if request.format == "csv":
        return export_csv(summary(scope), q, t, names, request.hxl, today)
    levels = [
        level
        for level in SCOPE_SHEETS[scope]
        if not (request.aggregates_only and level == "local_government")
    ]
    summaries = {level: summary(level) for level in levels}
    return export_xlsx(summaries, q, t, names, request.hxl, today, store.boundary_sources())


def consultation_file(store: Store, *args, **kwargs) -> bytes:
    """The consultation's results from the responses in `store`: `export_consultation`'s other arguments."""
    return export_consultation(store.consultation_responses(), *args, **kwargs)


def export_consultation(
    responses: pd.DataFrame,
    c: Consultation,
    t: Translator,
    file_format: str,
    today: dt.date | None = None,
    font_dir: Path = DEFAULT_FONT_DIR,
) -> bytes:
    """CSV (the change table), XLSX (change, distributions, comments) or PDF of the consultation."""
    if responses.empty:
        raise NoConsultationAnswers()
    today = today or dt.date.today()
    tables = consultation_tables(responses, c, t)
    if file_format == "csv":
        # No example banner: consultation answers are never generated.
        comment = [t("consult.results_title"), t("export.generated", date=t.long_date(today))]
        return write_csv(tables["change"], comment)
    if file_format == "xlsx":
        return consultation_xlsx(tables, t, today)
    return consultation_pdf(responses, tables, t, today, font_dir)
