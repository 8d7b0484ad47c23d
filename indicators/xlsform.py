"""The questionnaire as an XLSForm (survey, choices, settings) for KoboToolbox, ODK Collect and Enketo.

The form is the offline half of the self-assessment: what it asks, the names it gives each answer
and the rules it enforces on the phone are the contract that `indicators/submissions.py` reads back
from Kobo's and ODK Central's exports. So the rules match the app's own (`problems_for_submit`):
the local government is a choice from the catalogue filtered by country, the name is asked only of
those who do not answer anonymously, each round table's three top choices must differ and offer only
that table's areas, and texts have the app's length limits. Every question's label names its area,
so that an export with labels as headers still says which answer is which.

Labels come in `label::Español (es)` and `label::English (en)` columns. The form carries `form_id`
and a `version` computed from the questionnaire (not from the catalogue: registering a place must
not make the forms already on phones obsolete), and a hidden `form_version` field that puts the
same version in every submission, whatever tool exports it.
"""

import hashlib
import io
import json
from dataclasses import asdict

import pandas as pd
from openpyxl import Workbook

from indicators.assessment import TEXT_LIMITS
from indicators.questionnaire import TOP_CHOICES, Questionnaire

FORM_ID = "igm_local_autoevaluacion"
LANGUAGE_NAMES = {"es": "Español (es)", "en": "English (en)"}
LABEL_ES, LABEL_EN = (f"label::{name}" for name in LANGUAGE_NAMES.values())
SURVEY_COLUMNS = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "choice_filter",
    "calculation",
    "appearance",
)
TRANSLATED = ("label", "hint", "constraint_message")
ORDINALS = {
    1: ("Primera prioridad", "First priority"),
    2: ("Segunda prioridad", "Second priority"),
    3: ("Tercera prioridad", "Third priority"),
}
NOT_ANONYMOUS = "${anonymous} = 'no'"
# The fields outside the round tables, in the order the form asks them.
COUNTRY, PLACE, ANONYMOUS, NAME, ROLE, ACCESS_CODE, VERSION = (
    "country",
    "local_government",
    "anonymous",
    "respondent_name",
    "respondent_role",
    "access_code",
    "form_version",
)
AREA_FIELDS = ("capacity", "priority", "action", "office", "timeframe")


def area_field(area_key: str, field: str) -> str:
    """The form's name for one answer about an area: "rt1_regular_pathways_capacity"."""
    return f"{area_key}_{field}"


def top_field(theme: str, rank: int) -> str:
    return f"{theme}_top{rank}"


def form_version(q: Questionnaire) -> str:
    """Changes whenever a theme, area, help text or scale of the questionnaire changes."""
    content = {
        "themes": q.themes,
        "areas": [asdict(area) for area in q.areas],
        "scales": q.scales,
        "top": TOP_CHOICES,
        "limits": TEXT_LIMITS,
    }
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"q-{digest[:10]}"


def _both(es: str, en: str) -> dict[str, str]:
    return {"es": es, "en": en}


def _length_rule(limit: int) -> dict:
    return {
        "constraint": f"string-length(.) <= {limit}",
        "constraint_message": _both(f"Máximo {limit} caracteres", f"At most {limit} characters"),
    }


def survey_questions(q: Questionnaire) -> list[dict]:
    """The survey sheet as records: keys of SURVEY_COLUMNS, translated ones as {"es", "en"}."""
    version = form_version(q)
    rows: list[dict] = [
        {"type": "calculate", "name": VERSION, "calculation": f"'{version}'"},
        {
            "type": "select_one countries",
            "name": COUNTRY,
            "label": _both("País", "Country"),
            "required": "yes",
        },
        {
            "type": "select_one places",
            "name": PLACE,
            "label": _both("Gobierno local", "Local government"),
            "required": "yes",
            "choice_filter": f"country = ${{{COUNTRY}}}",
        },
        {
            "type": "text",
            "name": ACCESS_CODE,
            "label": _both("Código de acceso", "Access code"),
            "hint": _both(
                "El código de 8 caracteres que le entregó la organización, p. ej. ABCD-EFGH",
                "The 8-character code the organisers gave you, e.g. ABCD-EFGH",
            ),
            **_length_rule(12),
        },
        {
            "type": "select_one yes_no",
            "name": ANONYMOUS,
            "label": _both("¿Responde de forma anónima?", "Do you answer anonymously?"),
            "required": "yes",
        },
        {
            "type": "text",
            "name": NAME,
            "label": _both("Nombre", "Name"),
            "required": "yes",
            "relevant": NOT_ANONYMOUS,
            **_length_rule(TEXT_LIMITS[NAME]),
        },
        {
            "type": "text",
            "name": ROLE,
            "label": _both("Cargo", "Role"),
            "relevant": NOT_ANONYMOUS,
            **_length_rule(TEXT_LIMITS[ROLE]),
        },
    ]
    for theme, theme_names in q.themes.items():
        rows.append({"type": "begin_group", "name": theme, "label": dict(theme_names)})
        for area in q.areas_of(theme):
            es, en = area.name["es"], area.name["en"]
            rows += [
                {
                    "type": "note",
                    "name": f"{area.key}_note",
                    "label": dict(area.name),
                    "hint": dict(area.help),
                },
                {
                    "type": "select_one capacity",
                    "name": area_field(area.key, "capacity"),
                    "label": _both(f"{es}: capacidad actual", f"{en}: current capacity"),
                    "required": "yes",
                },
                {
                    "type": "select_one priority",
                    "name": area_field(area.key, "priority"),
                    "label": _both(f"{es}: prioridad", f"{en}: priority"),
                    "required": "yes",
                },
                {
                    "type": "text",
                    "name": area_field(area.key, "action"),
                    "label": _both(f"{es}: acción propuesta (opcional)", f"{en}: proposed action (optional)"),
                    **_length_rule(TEXT_LIMITS["action"]),
                },
                {
                    "type": "text",
                    "name": area_field(area.key, "office"),
                    "label": _both(f"{es}: oficina responsable", f"{en}: responsible office"),
                    **_length_rule(TEXT_LIMITS["office"]),
                },
                {
                    "type": "select_one timeframe",
                    "name": area_field(area.key, "timeframe"),
                    "label": _both(f"{es}: plazo", f"{en}: timeframe"),
                },
            ]
        for rank in range(1, TOP_CHOICES + 1):
            earlier = [f". != ${{{top_field(theme, r)}}}" for r in range(1, rank)]
            rows.append(
                {
                    "type": f"select_one areas_{theme}",
                    "name": top_field(theme, rank),
                    "label": _both(
                        f"{theme_names['es']}: {ORDINALS[rank][0].lower()}",
                        f"{theme_names['en']}: {ORDINALS[rank][1].lower()}",
                    ),
                    "required": "yes",
                    "constraint": " and ".join(earlier),
                    "constraint_message": _both(
                        "Elija un área distinta de las anteriores",
                        "Choose an area different from the ones above",
                    )
                    if earlier
                    else None,
                }
            )
        rows.append({"type": "end_group", "name": theme})
    return rows


def choice_lists(q: Questionnaire, places: pd.DataFrame, countries: pd.DataFrame) -> list[dict]:
    """The choices sheet as records: list_name, name, label {"es", "en"}, country (for places)."""
    choices = [
        {"list_name": "yes_no", "name": "yes", "label": _both("Sí", "Yes")},
        {"list_name": "yes_no", "name": "no", "label": _both("No", "No")},
    ]
    for scale in ("capacity", "priority", "timeframe"):
        choices += [
            {"list_name": scale, "name": value, "label": dict(labels)}
            for value, labels in q.scales[scale].items()
        ]
    for theme in q.themes:
        choices += [
            {"list_name": f"areas_{theme}", "name": area.key, "label": dict(area.name)}
            for area in q.areas_of(theme)
        ]
    with_places = countries[countries["iso3"].isin(set(places["country"]))]
    choices += [
        {"list_name": "countries", "name": c.iso3, "label": _both(c.name_es, c.name_en)}
        for c in with_places.itertuples(index=False)
    ]
    choices += [
        {"list_name": "places", "name": p.place_id, "label": _both(p.name, p.name), "country": p.country}
        for p in places.sort_values(["country", "name"]).itertuples(index=False)
    ]
    return choices


def xlsform_rows(
    q: Questionnaire, places: pd.DataFrame, countries: pd.DataFrame
) -> tuple[list[list], list[list], list[list]]:
    """The three sheets as rows, each starting with its header."""
    survey_header = [
        f"{column}::{LANGUAGE_NAMES[lang]}" if column in TRANSLATED else column
        for column in SURVEY_COLUMNS
        for lang in (LANGUAGE_NAMES if column in TRANSLATED else [None])
    ]
    survey = [survey_header]
    for question in survey_questions(q):
        row = []
        for column in SURVEY_COLUMNS:
            value = question.get(column)
            if column in TRANSLATED:
                row += [(value or {}).get(lang, "") for lang in LANGUAGE_NAMES]
            else:
                row.append(value or "")
        survey.append(row)
    choices = [["list_name", "name", LABEL_ES, LABEL_EN, "country"]]
    choices += [
        [c["list_name"], c["name"], c["label"]["es"], c["label"]["en"], c.get("country", "")]
        for c in choice_lists(q, places, countries)
    ]
    settings = [
        ["form_title", "form_id", "version", "default_language"],
        [
            "Autoevaluación de áreas prioritarias – IGM local",
            FORM_ID,
            form_version(q),
            LANGUAGE_NAMES["es"],
        ],
    ]
    return survey, choices, settings


def xlsform_bytes(q: Questionnaire, places: pd.DataFrame, countries: pd.DataFrame) -> bytes:
    """The XLSForm workbook; `places` (place_id, name, country) are the local governments that may answer."""
    book = Workbook()
    sheets = zip(("survey", "choices", "settings"), xlsform_rows(q, places, countries), strict=True)
    for index, (title, rows) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
