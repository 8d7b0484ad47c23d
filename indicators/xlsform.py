"""The questionnaire as an XLSForm (survey, choices, settings) for KoboToolbox or ODK.

Labels come in `label::Español (es)` and `label::English (en)` columns. The top-3 choice of each
theme is three select_one questions that must differ, which every XLSForm tool understands.
"""

import io

from openpyxl import Workbook

from indicators.questionnaire import TOP_CHOICES, Questionnaire

LABEL_ES, LABEL_EN = "label::Español (es)", "label::English (en)"
HINT_ES, HINT_EN = "hint::Español (es)", "hint::English (en)"
ORDINALS = {
    1: ("Primera prioridad", "First priority"),
    2: ("Segunda prioridad", "Second priority"),
    3: ("Tercera prioridad", "Third priority"),
}


def xlsform_rows(q: Questionnaire) -> tuple[list[list], list[list], list[list]]:
    survey = [["type", "name", LABEL_ES, LABEL_EN, HINT_ES, HINT_EN, "required", "constraint"]]
    survey += [
        ["text", "local_government", "Gobierno local", "Local government", "", "", "yes", ""],
        [
            "select_one yes_no",
            "anonymous",
            "¿Responde de forma anónima?",
            "Do you answer anonymously?",
            "",
            "",
            "yes",
            "",
        ],
        ["text", "respondent_name", "Nombre", "Name", "", "", "", ""],
        ["text", "respondent_role", "Cargo", "Role", "", "", "", ""],
    ]
    choices = [["list_name", "name", LABEL_ES, LABEL_EN]]
    choices += [["yes_no", "yes", "Sí", "Yes"], ["yes_no", "no", "No", "No"]]
    for scale in ("capacity", "priority", "timeframe"):
        choices += [[scale, value, labels["es"], labels["en"]] for value, labels in q.scales[scale].items()]
    for theme, names in q.themes.items():
        survey.append(["begin_group", theme, names["es"], names["en"], "", "", "", ""])
        for area in q.areas_of(theme):
            survey += [
                [
                    "note",
                    f"{area.key}_note",
                    area.name["es"],
                    area.name["en"],
                    area.help["es"],
                    area.help["en"],
                    "",
                    "",
                ],
                [
                    "select_one capacity",
                    f"{area.key}_capacity",
                    "Capacidad actual",
                    "Current capacity",
                    "",
                    "",
                    "yes",
                    "",
                ],
                ["select_one priority", f"{area.key}_priority", "Prioridad", "Priority", "", "", "yes", ""],
                [
                    "text",
                    f"{area.key}_action",
                    "Acción propuesta (opcional)",
                    "Proposed action (optional)",
                    "",
                    "",
                    "",
                    "",
                ],
                ["text", f"{area.key}_office", "Oficina responsable", "Responsible office", "", "", "", ""],
                ["select_one timeframe", f"{area.key}_timeframe", "Plazo", "Timeframe", "", "", "", ""],
            ]
            choices.append([f"areas_{theme}", area.key, area.name["es"], area.name["en"]])
        for rank in range(1, TOP_CHOICES + 1):
            earlier = [f". != ${{{theme}_top{r}}}" for r in range(1, rank)]
            survey.append(
                [
                    f"select_one areas_{theme}",
                    f"{theme}_top{rank}",
                    ORDINALS[rank][0],
                    ORDINALS[rank][1],
                    "",
                    "",
                    "yes",
                    " and ".join(earlier),
                ]
            )
        survey.append(["end_group", "", "", "", "", "", "", ""])
    settings = [
        ["form_title", "form_id", "default_language"],
        ["Autoevaluación de áreas prioritarias – IGM local", "igm_local_autoevaluacion", "Español (es)"],
    ]
    return survey, choices, settings


def xlsform_bytes(q: Questionnaire) -> bytes:
    book = Workbook()
    for index, (title, rows) in enumerate(
        zip(("survey", "choices", "settings"), xlsform_rows(q), strict=True)
    ):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
