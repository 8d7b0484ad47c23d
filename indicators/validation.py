"""Problems found in a data file, reported all at once with where they are and why.

Every import checks a whole file first and raises `DataFileError` with one `Problem` per fault;
nothing is written unless the list is empty. Problems carry catalogue keys, not sentences, so the
same fault reads in Spanish or English. Reading the files themselves is indicators/reader's.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations: i18n reads the catalogue with these very problems
    from indicators.i18n import Translator


@dataclass(frozen=True)
class Problem:
    row: int | None  # the line number a spreadsheet shows (header = 1), None for the whole file
    column: str | None
    value: str
    reason: str  # catalogue key under "problems."
    params: dict = field(default_factory=dict)

    def describe(self, t: "Translator") -> str:
        reason = t(f"problems.{self.reason}", **self.params)
        if self.row is None and self.column is None:
            return reason
        if self.row is None:
            return t("problems.at_column", column=self.column, reason=reason)
        return t("problems.at_cell", row=self.row, column=self.column, value=self.value, reason=reason)


class DataFileError(Exception):
    """A file was rejected whole; `problems` says every reason."""

    def __init__(self, source: str, problems: list[Problem]):
        super().__init__(f"{source}: {len(problems)} problem(s)")
        self.source = source
        self.problems = problems

    def describe(self, t: "Translator") -> list[str]:
        return [p.describe(t) for p in self.problems]


# A message naming more items than this is not read; the count says how many there are.
LISTED_ITEMS = 20


def listed(items: list[str], most: int = LISTED_ITEMS) -> str:
    """Items as a message names them: the first `most`, then how many more ("a, b … (+3)")."""
    shown = ", ".join(items[:most])
    return shown if len(items) <= most else f"{shown} … (+{len(items) - most})"
