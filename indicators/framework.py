"""The IGM framework as data: the six domains (MiGOF elements) and their known sub-areas.

From data/igm_domains.csv and data/igm_subareas.csv, checked on load. What is not official is
said so: Spanish domain names other than the first are our suggested translations
(`name_es_official`), and the sub-areas are the national MGI's examples (the source lists none for
domains 4 to 6), with English labels from the source and Spanish ones translated by us.
"""

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import pandas as pd

from indicators.config import DATA_DIR
from indicators.i18n import fold
from indicators.validation import DataFileError, Problem

DOMAIN_COLUMNS = ("key", "number", "migof_element_en", "name_en", "name_es", "name_es_official")
SUBAREA_COLUMNS = ("domain", "key", "name_en", "name_es")


@dataclass(frozen=True)
class Framework:
    domains: pd.DataFrame  # indexed by key, in MiGOF order
    subareas: pd.DataFrame  # columns domain, key, name_en, name_es

    def domain_key(self, value: str) -> str | None:
        """A domain as written in a file → its key, or None.

        Accepts the key ("rights"), the number ("1") and the name in either language, ignoring
        case and accents ("Alianzas", "Whole-of-government approach").
        """
        return self.domain_labels.get(fold(str(value)))

    @cached_property
    def domain_labels(self) -> dict[str, str]:
        """Every way a domain may be written, folded (i18n.fold) → its key: what `domain_key` accepts."""
        labels: dict[str, str] = {}
        for key, row in self.domains.iterrows():
            for label in (key, str(row["number"]), row["name_en"], row["name_es"]):
                labels.setdefault(fold(label), key)
        return labels

    def domain_name(self, key: str, language: str) -> str:
        return self.domains.loc[key, f"name_{language}"]

    def subareas_of(self, domain: str) -> pd.DataFrame:
        return self.subareas[self.subareas["domain"] == domain]


@cache
def load_framework(data_dir: Path = DATA_DIR) -> Framework:
    domains = pd.read_csv(data_dir / "igm_domains.csv", dtype=str, keep_default_na=False)
    subareas = pd.read_csv(data_dir / "igm_subareas.csv", dtype=str, keep_default_na=False)
    problems = [Problem(None, c, "", "missing_column") for c in DOMAIN_COLUMNS if c not in domains.columns]
    problems += [Problem(None, c, "", "missing_column") for c in SUBAREA_COLUMNS if c not in subareas.columns]
    if problems:
        raise DataFileError("igm_domains.csv / igm_subareas.csv", problems)
    if sorted(domains["number"]) != [str(n) for n in range(1, 7)]:
        problems.append(Problem(None, "number", ", ".join(domains["number"]), "six_domains"))
    for line, row in enumerate(subareas.itertuples(index=False), start=2):
        if row.domain not in set(domains["key"]):
            problems.append(
                Problem(line, "domain", row.domain, "not_in_list", {"allowed": ", ".join(domains["key"])})
            )
    if subareas.duplicated(["domain", "key"]).any():
        problems.append(Problem(None, "key", "", "duplicate_key"))
    if problems:
        raise DataFileError("igm_domains.csv / igm_subareas.csv", problems)
    domains["number"] = domains["number"].astype(int)
    domains["name_es_official"] = domains["name_es_official"] == "true"
    return Framework(domains.sort_values("number").set_index("key"), subareas)
