"""Submissions exports as KoboToolbox and ODK Central write them, built from the app's own form.

The XLSForm the app exports is converted with pyxform (the converter behind Kobo and Central); the
fields, groups, choice lists, Spanish labels and relevance rules are read from that XForm, never
typed here. Answers are drawn from the form's choice lists, and the export files follow each tool's
layout: Kobo CSV (";", group paths with "/", `_uuid`, `_submission_time`, `_validation_status`, …),
Kobo XLSX, Kobo with Spanish labels as headers and values, ODK Central CSV (",", paths with "-",
`KEY`, `SubmissionDate`, `ReviewState`, `Edits`, …).
"""

import csv
import datetime as dt
import io
import random
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import Workbook
from pyxform.xls2xform import convert

from indicators.questionnaire import Questionnaire
from indicators.xlsform import ACCESS_CODE, NAME, ROLE, xlsform_bytes

NS = {"h": "http://www.w3.org/1999/xhtml", "x": "http://www.w3.org/2002/xforms"}
SPANISH = "Español (es)"
KOBO_META = ("_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by")
KOBO_TAIL = ("__version__", "_tags", "_index")
ODK_META = ("KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected")
ODK_TAIL = ("Status", "ReviewState", "DeviceID", "Edits", "FormVersion")


@dataclass
class Field:
    path: tuple[str, ...]  # under the form's root, e.g. ("rt1", "rt1_local_development_capacity")
    choices: str | None  # the choice list of a select
    relevant: str = ""
    calculate: str = ""
    constraint: str = ""
    required: bool = False

    @property
    def name(self) -> str:
        return self.path[-1]


@dataclass
class Form:
    xlsform: bytes
    xform: str
    warnings: list[str]
    version: str
    fields: list[Field]  # answer fields, in the form's order (notes left out, as the tools do)
    choices: dict[str, list[str]]  # list name -> choice names
    labels: dict[str, str]  # "/data/rt1/x:label" or "capacity/0" -> Spanish label

    def label(self, path: tuple[str, ...]) -> str:
        """The Spanish label of a field or group; Kobo writes the name of a field without one."""
        return self.labels.get(f"/data/{'/'.join(path)}:label", path[-1])

    def label_header(self, f: Field, groups: bool) -> str:
        """Kobo's header with labels; "include groups in headers" joins the group labels with "/"."""
        if not groups:
            return self.label(f.path)
        return "/".join(self.label(f.path[: i + 1]) for i in range(len(f.path)))


def build_form(q: Questionnaire, places: pd.DataFrame, countries: pd.DataFrame) -> Form:
    """The app's own XLSForm, as pyxform converts it."""
    return parse_form(xlsform_bytes(q, places, countries))


def parse_form(xlsform: bytes) -> Form:
    """Any XLSForm through pyxform: its answer fields, choice lists and Spanish labels."""
    result = convert(xlsform)
    root = ET.fromstring(result.xform)
    model = root.find("h:head/x:model", NS)
    data = model.find("x:instance/x:data", NS)
    binds = {b.get("nodeset"): b for b in model.findall("x:bind", NS)}
    selects = {
        s.get("ref"): re.search(r"instance\('([^']+)'\)", s.find("x:itemset", NS).get("nodeset")).group(1)
        for s in root.iter("{http://www.w3.org/2002/xforms}select1")
    }
    fields = []

    def walk(element, path):
        for child in element:
            tag = child.tag.split("}")[1]
            if len(child):
                walk(child, (*path, tag))
                continue
            ref = "/data/" + "/".join((*path, tag))
            bind = binds.get(ref)
            if bind is None or (bind.get("readonly") == "true()" and not bind.get("calculate")):
                continue  # a note: no answer, and the tools leave it out of their exports
            fields.append(
                Field(
                    (*path, tag),
                    selects.get(ref),
                    bind.get("relevant", ""),
                    bind.get("calculate", ""),
                    " ".join(bind.get("constraint", "").split()),
                    bind.get("required") == "true()",
                )
            )

    walk(data, ())
    labels = {}
    for translation in model.iter("{http://www.w3.org/2002/xforms}translation"):
        if translation.get("lang") == SPANISH:
            for text in translation.findall("x:text", NS):
                value = text.find("x:value", NS)
                labels[text.get("id")] = value.text or ""
    choices = {}
    for instance in model.findall("x:instance", NS):
        if instance.get("id"):
            items = instance.findall("x:root/x:item", NS)
            choices[instance.get("id")] = [item.find("x:name", NS).text for item in items]
            for item in items:
                itext = item.find("x:itextId", NS)
                if itext is not None:
                    key = f"{instance.get('id')}/{item.find('x:name', NS).text}"
                    labels[key] = labels.get(itext.text, item.find("x:name", NS).text)
                label = item.find("x:label", NS)
                if label is not None:  # the places list: one label for every language
                    labels[f"{instance.get('id')}/{item.find('x:name', NS).text}"] = label.text
    return Form(xlsform, result.xform, result.warnings, data.get("version"), fields, choices, labels)


@dataclass
class Row:
    """One submission: its answers by field name (XML values) and what the tool adds around them."""

    values: dict[str, str]
    uuid: str = field(default_factory=lambda: str(uuid.uuid4()))
    submitted_at: dt.datetime = dt.datetime(2026, 11, 20, 14, 3, 11)
    edits: int = 0
    review: str = ""


def answers(
    form: Form,
    place_id: str,
    country: str,
    seed: int = 0,
    anonymous: bool = True,
    name: str = "Ana Pérez",
    code: str = "",
) -> dict[str, str]:
    """A complete answer to the form, drawn from its own choice lists and rules."""
    rng = random.Random(seed)
    values, picked = {}, {}
    for f in form.fields:
        if f.relevant and anonymous:
            values[f.name] = ""  # not relevant: the tools export it empty
        elif f.calculate:
            values[f.name] = f.calculate.strip("'")
        elif f.choices == "countries":
            values[f.name] = country
        elif f.choices == "places":
            values[f.name] = place_id
        elif f.choices == "yes_no":
            values[f.name] = "yes" if anonymous else "no"
        elif f.choices and f.choices.startswith("areas_"):
            # The top 3 of one table: different areas of that table, as the form's constraint wants.
            left = [c for c in form.choices[f.choices] if c not in picked.setdefault(f.choices, [])]
            values[f.name] = rng.choice(left)
            picked[f.choices].append(values[f.name])
        elif f.choices:
            values[f.name] = rng.choice(form.choices[f.choices])
        elif f.name == NAME:
            values[f.name] = name
        elif f.name == ROLE:
            values[f.name] = "Enlace municipal"
        elif f.name == ACCESS_CODE:
            values[f.name] = code
        else:
            values[f.name] = rng.choice(["", "", "Mesa de coordinación; plan anual", "Oficina de la mujer"])
    return values


def _kobo_records(form: Form, rows: list[Row], header_of, value_of) -> tuple[list[str], list[list]]:
    header = [header_of(f) for f in form.fields] + ["meta/instanceID", *KOBO_META, *KOBO_TAIL]
    body = []
    for index, row in enumerate(rows, start=1):
        body.append(
            [value_of(f, row.values.get(f.name, "")) for f in form.fields]
            + [
                f"uuid:{row.uuid}",
                str(1000 + index),
                row.uuid,
                row.submitted_at.isoformat(),
                row.review,
                "",
                "submitted_via_web",
                "enumerador",
                "vQb5hLcXW9ZH3kqfGmLp2T",
                "[]",
                str(index),
            ]
        )
    return header, body


def kobo_csv(form: Form, rows: list[Row]) -> bytes:
    """Kobo's CSV export, "XML values and headers", groups in headers joined by "/", ";" between columns."""
    header, body = _kobo_records(form, rows, lambda f: "/".join(f.path), lambda f, v: v)
    return _csv([header, *body], ";").encode("utf-8")


def kobo_xlsx(form: Form, rows: list[Row], labels: bool = False, groups: bool = True, typed=False) -> bytes:
    """Kobo's XLSX export; with `labels`, Spanish labels as headers and as values of every choice.

    With `typed`, numbers and times are Excel numbers and dates, as a spreadsheet saved again holds them.
    """
    if labels:
        header, body = _kobo_records(
            form,
            rows,
            lambda f: form.label_header(f, groups),
            lambda f, v: form.labels.get(f"{f.choices}/{v}", v) if f.choices and v else v,
        )
    else:
        header, body = _kobo_records(form, rows, lambda f: "/".join(f.path), lambda f, v: v)
    book = Workbook()
    sheet = book.active
    sheet.title = "Autoevaluación de áreas priori"  # Kobo names the sheet after the form, cut to 31
    for record in [header, *body]:
        if typed:
            record = [_typed(value) for value in record]
        sheet.append(record)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _typed(value):
    if isinstance(value, str) and value.isdigit():
        return float(value)  # Excel keeps every number as a float
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:]+", value):
        return dt.datetime.fromisoformat(value)
    return value


def odk_csv(form: Form, rows: list[Row]) -> bytes:
    """ODK Central's CSV export: "," between columns, group paths joined by "-"."""
    header = [
        "SubmissionDate",
        *("-".join(f.path) for f in form.fields),
        "meta-instanceID",
        *ODK_META,
        *ODK_TAIL,
    ]
    body = [
        [
            row.submitted_at.isoformat(timespec="milliseconds") + "Z",
            *(row.values.get(f.name, "") for f in form.fields),
            f"uuid:{row.uuid}",
            f"uuid:{row.uuid}",
            "7",
            "Equipo de campo",
            "0",
            "0",
            "",
            row.review,
            "collect:Xk2Pq9",
            str(row.edits),
            form.version,
        ]
        for row in rows
    ]
    return _csv([header, *body], ",").encode("utf-8")


def _csv(records: list[list], separator: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="\n").writerows(records)
    return buffer.getvalue()
