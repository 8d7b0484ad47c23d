"""The one CSV writer every CSV goes through, and the CSV of a priority summary.

Layout readers rely on: UTF-8 with a BOM (so Excel reads accents), comma-separated. The first line
is always a comment starting with "# " (title, date, and first of all the EXAMPLE warning when any
row comes from example data); the header is the second line: read it with
`pd.read_csv(path, skiprows=1)`. With HXL, the hashtags are the third line.
"""

import datetime as dt

import pandas as pd

from indicators.exports.errors import NothingToExport
from indicators.exports.tables import Names, banner, columns_for, export_table, scope_counts
from indicators.i18n import Translator
from indicators.questionnaire import Questionnaire

# A spreadsheet opening a CSV runs a cell starting with one of these as a formula (OWASP "CSV
# injection"); free text is typed by respondents, so such cells get a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """`value`, with a leading quote if a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(table: pd.DataFrame, comment: list[str], tags: list[str] | None = None) -> bytes:
    """`table` as CSV: BOM, the "# " comment line (its non-empty parts), headers, HXL tags, rows."""
    # A comma would split the comment over several cells in a spreadsheet, and a line break would
    # move the header off the second line: both are taken out.
    line = " · ".join(p for p in comment if p).replace(",", ";").replace("\n", " ").replace("\r", " ")
    if tags is not None:
        # HXL tools look for the hashtag row among the first rows, right under the headers.
        table = pd.concat([pd.DataFrame([tags], columns=table.columns), table], ignore_index=True)
    body = table.map(inert).to_csv(index=False, lineterminator="\n")
    return ("\ufeff# " + line + "\n" + body).encode("utf-8")


def export_csv(
    summary: pd.DataFrame,
    q: Questionnaire,
    t: Translator,
    names: Names,
    hxl: bool = False,
    today: dt.date | None = None,
    round_note: str = "",
) -> bytes:
    """One scope's summary as CSV: translated headers, HXL tags if asked, one row per top area
    (`round_note` says whose round the answers are, for a round's file)."""
    if summary.empty:
        raise NothingToExport()
    scope = summary["level"].iloc[0]
    examples, total = scope_counts(summary)
    comment = [
        banner(t, examples, total),
        t("app.name"),
        t(f"export.title_{scope}"),
        t("export.generated", date=t.long_date(today or dt.date.today())),
        t("export.assessments", count=total),
        round_note,
    ]
    table = export_table(summary, q, t, names)
    tags = [c.hxl for c in columns_for(scope)]
    table.columns = [t(f"export.col_{key}") for key in table.columns]
    return write_csv(table, comment, tags if hxl else None)


CODE_COLUMNS = {"place_id": "export.col_place_id", "place": "org.place", "code": "columns.code"}


def access_codes_csv(place_id: str, place: str, codes: list[str], t: Translator) -> bytes:
    """New access codes of one local government, to print or mail-merge: a row per code, headed in
    the page's language ("Identificador del lugar", "Gobierno local", "Código"), not raw names."""
    table = pd.DataFrame({"place_id": place_id, "place": place, "code": codes}, columns=list(CODE_COLUMNS))
    table.columns = [t(key) for key in CODE_COLUMNS.values()]
    return write_csv(table, [t("app.name"), t("org.codes_file_title", place=place)])
