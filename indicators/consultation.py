"""The seminar consultation before and after: the questionnaire as data, the rules, the change.

A participant is known only by a personal code (stored hashed); the same code links their "before"
and "after" answers, and no chart or export ever carries a name.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from indicators.config import DATA_DIR
from indicators.i18n import LANGUAGES, Translator, read_toml
from indicators.validation import DataFileError, Problem

PHASES = ("before", "after")
KINDS = ("knowledge", "agreement", "text")
SCALE_OF = {"knowledge": "knowledge", "agreement": "agreement"}
TEXT_LIMIT = 1000
# The organisers' setting that lets "after" be answered without "before" (stored in the database).
AFTER_WITHOUT_BEFORE = "consultation_after_without_before"


@dataclass(frozen=True)
class Item:
    key: str
    kind: str
    phases: tuple[str, ...]
    text: dict[str, str]
    required: bool = True


@dataclass(frozen=True)
class Consultation:
    items: tuple[Item, ...]
    scales: dict[str, dict[str, dict[str, str]]]

    def items_of(self, phase: str) -> list[Item]:
        return [i for i in self.items if phase in i.phases]

    def values(self, item: Item) -> list[int]:
        return [int(v) for v in self.scales[SCALE_OF[item.kind]]]

    def label(self, item: Item, value: int, language: str) -> str:
        return self.scales[SCALE_OF[item.kind]][str(value)][language]


@cache
def load_consultation(data_dir: Path = DATA_DIR) -> Consultation:
    raw = read_toml(data_dir / "consultation.toml")
    items = tuple(
        Item(i["key"], i["kind"], tuple(i["phases"]), i["text"], i.get("required", True))
        for i in raw.get("items", [])
    )
    consultation = Consultation(items, raw.get("scales", {}))
    problems = check_consultation(consultation)
    if problems:
        raise DataFileError("consultation.toml", problems)
    return consultation


def check_consultation(c: Consultation) -> list[Problem]:
    problems = []
    seen = set()
    for row, item in enumerate(c.items, start=1):
        if item.key in seen:
            problems.append(Problem(row, "key", item.key, "duplicate_key"))
        seen.add(item.key)
        if item.kind not in KINDS:
            problems.append(Problem(row, "kind", item.kind, "not_in_list", {"allowed": ", ".join(KINDS)}))
        if not item.phases or not set(item.phases) <= set(PHASES):
            problems.append(
                Problem(row, "phases", ", ".join(item.phases), "not_in_list", {"allowed": ", ".join(PHASES)})
            )
        for lang in LANGUAGES:
            if not str(item.text.get(lang, "")).strip():
                problems.append(Problem(row, f"text.{lang}", "", "required"))
    for scale, labels in c.scales.items():
        for value, texts in labels.items():
            for lang in LANGUAGES:
                if not texts.get(lang):
                    problems.append(Problem(None, f"scales.{scale}.{value}", "", "required"))
    for kind in SCALE_OF.values():
        if kind not in c.scales:
            problems.append(Problem(None, f"scales.{kind}", "", "missing_column"))
    return problems


def problems_for_response(phase: str, answers: dict, c: Consultation) -> list[Problem]:
    """What stops a response from being saved; `column` is the item key."""
    problems = []
    for item in c.items_of(phase):
        value = answers.get(item.key)
        if item.kind == "text":
            if value and len(value) > TEXT_LIMIT:
                problems.append(Problem(None, item.key, "", "too_long", {"limit": TEXT_LIMIT}))
            elif item.required and not (value or "").strip():
                problems.append(Problem(None, item.key, "", "rating_required"))
        elif value not in c.values(item):
            problems.append(Problem(None, item.key, "" if value is None else str(value), "rating_required"))
    return problems


def knowledge_change(responses: pd.DataFrame, c: Consultation) -> pd.DataFrame:
    """Per knowledge item: mean before and after over participants who answered both, the mean change,
    and how many answered only one of the two (excluded, and counted).

    `responses`: one row per (participant_id, phase, item, value), scale items only.
    """
    rows = []
    for item in (i for i in c.items if i.kind == "knowledge"):
        answers = responses[responses["item"] == item.key]
        wide = answers.pivot_table(index="participant_id", columns="phase", values="value", aggfunc="first")
        for phase in PHASES:
            if phase not in wide.columns:
                wide[phase] = pd.NA
        both = wide.dropna(subset=list(PHASES))
        rows.append(
            {
                "item": item.key,
                "both": len(both),
                "mean_before": both["before"].astype(float).mean() if len(both) else None,
                "mean_after": both["after"].astype(float).mean() if len(both) else None,
                "mean_change": (both["after"].astype(float) - both["before"].astype(float)).mean()
                if len(both)
                else None,
                "only_before": int((wide["before"].notna() & wide["after"].isna()).sum()),
                "only_after": int((wide["after"].notna() & wide["before"].isna()).sum()),
            }
        )
    return pd.DataFrame(rows)


def distributions(responses: pd.DataFrame, c: Consultation) -> pd.DataFrame:
    """Counts per (item, phase, value) for every scale item, zeros included, for the bar charts."""
    rows = []
    for item in (i for i in c.items if i.kind != "text"):
        for phase in item.phases:
            answered = responses[(responses["item"] == item.key) & (responses["phase"] == phase)]
            counts = answered["value"].value_counts()
            rows += [
                {"item": item.key, "phase": phase, "value": v, "count": int(counts.get(v, 0))}
                for v in c.values(item)
            ]
    return pd.DataFrame(rows, columns=["item", "phase", "value", "count"])


def long_answers(responses: pd.DataFrame, c: Consultation) -> pd.DataFrame:
    """Current responses (participant_id, phase, answers dict) as one row per scale answer."""
    scale_items = {i.key for i in c.items if i.kind != "text"}
    rows = [
        {"participant_id": r.participant_id, "phase": r.phase, "item": key, "value": value}
        for r in responses.itertuples()
        for key, value in r.answers.items()
        if key in scale_items and value is not None
    ]
    return pd.DataFrame(rows, columns=["participant_id", "phase", "item", "value"])


def comments(responses: pd.DataFrame, c: Consultation) -> pd.DataFrame:
    """Free texts, without any name: phase, item, text."""
    text_items = [i.key for i in c.items if i.kind == "text"]
    rows = [
        {"phase": r.phase, "item": key, "text": r.answers[key].strip()}
        for r in responses.itertuples()
        for key in text_items
        if (r.answers.get(key) or "").strip()
    ]
    return pd.DataFrame(rows, columns=["phase", "item", "text"])


def consultation_tables(responses: pd.DataFrame, c: Consultation, t: Translator) -> dict[str, pd.DataFrame]:
    """The consultation's results as readable tables (the same the organisers' page shows)."""
    lang = t.language
    texts = {i.key: i.text[lang] for i in c.items}
    change = knowledge_change(long_answers(responses, c), c)
    change.insert(0, "question", change.pop("item").map(texts))
    change = change.rename(columns={k: t(f"consult.col_{k}") for k in change.columns})
    dist = distributions(long_answers(responses, c), c)
    items = {i.key: i for i in c.items}
    dist["label"] = [c.label(items[k], v, lang) for k, v in zip(dist["item"], dist["value"], strict=True)]
    dist["item"] = dist["item"].map(texts)
    dist["phase"] = dist["phase"].map(lambda p: t(f"consult.phase_{p}"))
    dist = dist.rename(columns={k: t(f"consult.col_{k}") for k in dist.columns})
    notes = comments(responses, c)
    notes["item"] = notes["item"].map(texts)
    notes["phase"] = notes["phase"].map(lambda p: t(f"consult.phase_{p}"))
    notes = notes.rename(columns={k: t(f"consult.col_{k}") for k in notes.columns})
    return {"change": change, "distributions": dist, "comments": notes}
