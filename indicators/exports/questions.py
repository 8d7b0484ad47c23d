"""The questions file: every question of the room (questions.export_table) as the app writes its CSVs."""

import datetime as dt

import pandas as pd

from indicators.exports.csv import write_csv
from indicators.i18n import Translator
from indicators.questions import export_table


def questions_csv(questions: pd.DataFrame, t: Translator, today: dt.date) -> bytes:
    """A "# " line saying what the file is and when, then the header row (id, session, text, votes,
    state, time; read it with `pd.read_csv(path, skiprows=1)`), then a row per question."""
    comment = [t("app.name"), t("questions.export_title"), t("export.generated", date=t.long_date(today))]
    return write_csv(export_table(questions), comment)
