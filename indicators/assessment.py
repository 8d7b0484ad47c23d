"""A self-assessment: what one respondent answered for one local government, and when it is complete.

The same structure is a draft (saved as the respondent types, possibly incomplete) and a submission
(checked in full by `problems_for_submit`). It travels as JSON into drafts and the history.
"""

import json
from dataclasses import dataclass, field

from indicators.questionnaire import CAPACITY_LEVELS, PRIORITY_LEVELS, TOP_CHOICES, Questionnaire
from indicators.validation import Problem

TEXT_LIMITS = {"respondent_name": 120, "respondent_role": 120, "action": 500, "office": 200}


@dataclass
class AreaAnswer:
    capacity: int | None = None
    priority: int | None = None
    action: str = ""
    office: str = ""
    timeframe: str | None = None


@dataclass
class Assessment:
    place_id: str
    anonymous: bool | None = None  # None until the respondent chooses: the choice is explicit
    respondent_name: str = ""
    respondent_role: str = ""
    answers: dict[str, AreaAnswer] = field(default_factory=dict)
    top3: dict[str, list[str]] = field(default_factory=dict)  # theme -> area keys, first = most

    def to_json(self) -> str:
        # Written out rather than `asdict`, whose deep copies took most of a bulk import's time.
        content = {**vars(self), "answers": {key: vars(answer) for key, answer in self.answers.items()}}
        return json.dumps(content, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Assessment":
        raw = json.loads(text)
        raw["answers"] = {k: AreaAnswer(**v) for k, v in raw.get("answers", {}).items()}
        return cls(**raw)

    def stored_identity(self) -> tuple[str, str]:
        """Name and role as stored: nothing at all for an anonymous answer."""
        if self.anonymous:
            return "", ""
        return self.respondent_name.strip(), self.respondent_role.strip()

    def answered(self, questionnaire: Questionnaire, theme: str) -> int:
        """How many areas of a theme have both ratings (for the progress indicator)."""
        return sum(
            1
            for a in questionnaire.areas_of(theme)
            if (ans := self.answers.get(a.key)) and ans.capacity is not None and ans.priority is not None
        )


def problems_for_submit(assessment: Assessment, q: Questionnaire) -> list[Problem]:
    """Everything that stops a submission. `column` names the field: "area_key:capacity", "rt1:top3"."""
    problems: list[Problem] = []

    def bad(column: str, value, reason: str, **params) -> None:
        problems.append(Problem(None, column, "" if value is None else str(value), reason, params))

    if assessment.anonymous is None:
        bad("anonymous", None, "choose_anonymity")
    elif not assessment.anonymous and not assessment.respondent_name.strip():
        bad("respondent_name", None, "name_or_anonymous")
    for column in ("respondent_name", "respondent_role"):
        if len(getattr(assessment, column)) > TEXT_LIMITS[column]:
            bad(column, None, "too_long", limit=TEXT_LIMITS[column])
    for area in q.areas:
        answer = assessment.answers.get(area.key, AreaAnswer())
        if answer.capacity not in CAPACITY_LEVELS:
            bad(f"{area.key}:capacity", answer.capacity, "rating_required")
        if answer.priority not in PRIORITY_LEVELS:
            bad(f"{area.key}:priority", answer.priority, "rating_required")
        if answer.timeframe is not None and answer.timeframe not in q.scales["timeframe"]:
            bad(
                f"{area.key}:timeframe",
                answer.timeframe,
                "not_in_list",
                allowed=", ".join(q.scales["timeframe"]),
            )
        for column in ("action", "office"):
            if len(getattr(answer, column)) > TEXT_LIMITS[column]:
                bad(f"{area.key}:{column}", None, "too_long", limit=TEXT_LIMITS[column])
    for theme in q.themes:
        chosen = assessment.top3.get(theme, [])
        keys = {a.key for a in q.areas_of(theme)}
        if len(chosen) != TOP_CHOICES or len(set(chosen)) != TOP_CHOICES or not set(chosen) <= keys:
            bad(f"{theme}:top3", len(chosen), "choose_top3", count=TOP_CHOICES)
    return problems


def changed_fields(before: Assessment, after: Assessment, q: Questionnaire) -> list[str]:
    """The fields whose answer differs between two versions, named as `problems_for_submit` names them
    ("anonymous", "respondent_name", "area_key:capacity", "rt1:top3"): the identity, then table by
    table its areas and its top 3. Spaces around a text do not count (they are not stored)."""
    changed = []
    if before.anonymous != after.anonymous:
        changed.append("anonymous")
    for column in ("respondent_name", "respondent_role"):
        if getattr(before, column).strip() != getattr(after, column).strip():
            changed.append(column)
    for theme in q.themes:
        for area in q.areas_of(theme):
            old = before.answers.get(area.key, AreaAnswer())
            for column, value in vars(after.answers.get(area.key, AreaAnswer())).items():
                was = getattr(old, column)
                if isinstance(value, str):
                    was, value = (was or "").strip(), value.strip()
                if was != value:
                    changed.append(f"{area.key}:{column}")
        if before.top3.get(theme, []) != after.top3.get(theme, []):
            changed.append(f"{theme}:top3")
    return changed


def top_rank(assessment: Assessment, area_key: str, theme: str) -> int | None:
    chosen = assessment.top3.get(theme, [])
    return chosen.index(area_key) + 1 if area_key in chosen else None


# The columns of the stored answers table, in its order.
ANSWER_COLUMNS = (
    "assessment_id",
    "area_key",
    "capacity",
    "priority",
    "top_rank",
    "action",
    "office",
    "timeframe",
)


def answer_rows(assessment_id: str, assessment: Assessment, q: Questionnaire) -> list[tuple]:
    """One row per answered area (ANSWER_COLUMNS), with its top-3 rank and the free text trimmed."""
    return [
        (
            assessment_id,
            area.key,
            answer.capacity,
            answer.priority,
            top_rank(assessment, area.key, area.theme),
            answer.action.strip(),
            answer.office.strip(),
            answer.timeframe,
        )
        for area in q.areas
        if (answer := assessment.answers.get(area.key))
    ]
