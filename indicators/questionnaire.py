"""The self-assessment questionnaire as data: themes (the seminar's round tables), areas, scales.

Loaded from data/questionnaire.toml with the GCM objectives (data/gcm_objectives.csv) and IGM
domains (data/igm_domains.csv) it refers to, and checked as a whole: a broken registry is rejected
with every problem listed, like any other data file.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from indicators.config import DATA_DIR
from indicators.i18n import LANGUAGES, read_toml
from indicators.palette import ThemeStyle, theme_style
from indicators.seminar import load_seminar
from indicators.validation import DataFileError, Problem

MIN_AREAS, MAX_AREAS = 4, 7
TOP_CHOICES = 3
CAPACITY_LEVELS = (0, 1, 2, 3, 4)
PRIORITY_LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class Area:
    key: str
    theme: str
    name: dict[str, str]
    help: dict[str, str]
    gcm: tuple[int, ...]
    igm_domain: str
    sdg: tuple[str, ...] = ()


@dataclass(frozen=True)
class Questionnaire:
    themes: dict[str, dict[str, str]]  # round-table key -> {"es": ..., "en": ...}
    areas: tuple[Area, ...]
    scales: dict[str, dict[str, dict[str, str]]]  # scale -> value (as text) -> labels
    objectives: pd.DataFrame  # GCM objectives, indexed by number
    domains: pd.DataFrame  # IGM domains, indexed by key
    sdg_targets: pd.DataFrame  # SDG targets, indexed by target ("10.7")

    def theme_number(self, theme: str) -> int:
        """A round table's number as the seminar gives it (rt1 → 1): its position in the seminar file."""
        return list(self.themes).index(theme) + 1

    def style(self, theme: str) -> ThemeStyle:
        """The colour, marker and pattern of a round table in charts and reports (indicators/palette.py)."""
        return theme_style(self.theme_number(theme))

    def areas_of(self, theme: str) -> list[Area]:
        return [a for a in self.areas if a.theme == theme]

    @property
    def area_by_key(self) -> dict[str, Area]:
        return {a.key: a for a in self.areas}

    def label(self, scale: str, value, language: str) -> str:
        return self.scales[scale][str(value)][language]


@cache
def load_questionnaire(data_dir: Path = DATA_DIR) -> Questionnaire:
    raw = read_toml(data_dir / "questionnaire.toml")
    objectives = pd.read_csv(data_dir / "gcm_objectives.csv", keep_default_na=False).set_index("number")
    domains = pd.read_csv(data_dir / "igm_domains.csv", keep_default_na=False).set_index("key")
    sdg_targets = pd.read_csv(data_dir / "sdg_targets.csv", keep_default_na=False, dtype=str).set_index(
        "target"
    )
    themes = {
        rt["key"]: {lang: rt[lang] for lang in LANGUAGES} for rt in load_seminar(data_dir)["round_tables"]
    }
    areas = tuple(
        Area(
            a["key"],
            a["theme"],
            a["name"],
            a["help"],
            tuple(a["gcm"]),
            a["igm_domain"],
            tuple(a.get("sdg", ())),
        )
        for a in raw.get("areas", [])
    )
    questionnaire = Questionnaire(themes, areas, raw.get("scales", {}), objectives, domains, sdg_targets)
    problems = check_questionnaire(questionnaire)
    if problems:
        raise DataFileError("questionnaire.toml", problems)
    return questionnaire


def check_questionnaire(q: Questionnaire) -> list[Problem]:
    """Every problem of the registry; the row is the area's position (1 = first area)."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for row, area in enumerate(q.areas, start=1):

        def bad(column, value, reason, row=row, **params):
            problems.append(Problem(row, column, str(value), reason, params))

        if area.key in seen:
            bad("key", area.key, "duplicate_key")
        seen.add(area.key)
        if area.theme not in q.themes:
            bad("theme", area.theme, "not_in_list", allowed=", ".join(q.themes))
        for field in ("name", "help"):
            for lang in LANGUAGES:
                if not str(getattr(area, field).get(lang, "")).strip():
                    bad(f"{field}.{lang}", "", "required")
        for number in area.gcm:
            if number not in q.objectives.index:
                bad("gcm", number, "unknown_objective")
        for target in area.sdg:
            if target not in q.sdg_targets.index:
                bad("sdg", target, "unknown_sdg_target")
        if area.igm_domain not in q.domains.index:
            bad("igm_domain", area.igm_domain, "not_in_list", allowed=", ".join(q.domains.index))
    for theme in q.themes:
        count = len(q.areas_of(theme))
        if not MIN_AREAS <= count <= MAX_AREAS:
            problems.append(
                Problem(
                    None,
                    "theme",
                    theme,
                    "areas_per_theme",
                    {"theme": theme, "count": count, "low": MIN_AREAS, "high": MAX_AREAS},
                )
            )
        expected = set(q.objectives.index[q.objectives["round_table"] == theme])
        covered = {n for a in q.areas_of(theme) for n in a.gcm}
        for number in sorted(expected - covered):
            problems.append(Problem(None, "gcm", str(number), "objective_not_covered", {"theme": theme}))
    for scale, values in (("capacity", CAPACITY_LEVELS), ("priority", PRIORITY_LEVELS)):
        labels = q.scales.get(scale, {})
        for value in values:
            for lang in LANGUAGES:
                if not labels.get(str(value), {}).get(lang):
                    problems.append(Problem(None, f"scales.{scale}", str(value), "required"))
    return problems
