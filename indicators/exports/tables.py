"""The table every summary format shares: names resolved, columns declared once with their HXL tags.

`Column` is the registry of exported columns: its key names the header ("export.col_<key>") and
the dictionary text ("export.about_<key>"), and `scopes` says on which sheet it appears.
"""

from dataclasses import dataclass

import pandas as pd

from indicators.i18n import Translator
from indicators.questionnaire import Questionnaire
from indicators.summary import SCOPES


@dataclass(frozen=True)
class Names:
    """What the groups of a summary are called: places by place_id, countries by ISO3 code."""

    places: dict[str, dict]  # place_id -> {"name", "level", "country", "official_code"}
    countries: dict[str, str]  # ISO3 -> name in the export's language

    @classmethod
    def from_frames(cls, places: pd.DataFrame, countries: pd.DataFrame, language: str) -> "Names":
        """From Store.places(igm_only=False) and Store.countries()."""
        place_rows = {
            row.place_id: {
                "name": row.name,
                "level": row.level,
                "country": row.country,
                "official_code": "" if pd.isna(row.official_code) else str(row.official_code),
            }
            for row in places.itertuples(index=False)
        }
        return cls(place_rows, dict(zip(countries["iso3"], countries[f"name_{language}"], strict=True)))

    def place(self, place_id: str) -> str:
        return self.places.get(place_id, {}).get("name", place_id)

    def country(self, iso3: str) -> str:
        return self.countries.get(iso3, iso3)


@dataclass(frozen=True)
class Column:
    """One exported column: header "export.col_<key>", dictionary text "export.about_<key>"."""

    key: str
    hxl: str
    scopes: tuple[str, ...] = SCOPES
    width: int = 12  # spreadsheet width, in characters


# The summary's means, tagged #indicator+<key>: rounded to DECIMALS in the exported tables.
MEANS = ("index", "capacity", "priority")
DECIMALS = 2

# Local governments mix states (admin-1) with municipalities, cantons and districts (admin-2), so
# they are tagged #loc: an #adm2 column holding states would mislead a join with official boundaries.
COLUMNS = (
    Column("place", "#loc+name", ("local_government",), 24),
    Column("place_id", "#loc+id", ("local_government",), 22),
    Column("official_code", "#loc+code", ("local_government",), 10),
    Column("level", "#loc+type", ("local_government",), 16),
    Column("country", "#country+name", ("local_government", "country"), 18),
    Column("country_code", "#country+code", ("local_government", "country"), 10),
    Column("region", "#region+name", ("region",), 14),
    Column("theme", "#sector+name", width=36),
    Column("rank", "#indicator+rank", width=8),
    Column("area_key", "#subsector+code", width=26),
    Column("area", "#subsector+name", width=40),
    *(Column(key, f"#indicator+{key}", width=10) for key in MEANS),
    Column("top3", "#meta+top3", width=10),
    Column("respondents", "#meta+respondents", width=12),
    Column("examples", "#meta+examples", width=12),
    Column("actions", "#activity+planned", width=50),
    Column("gcm", "#meta+gcm", width=40),
    Column("sdg", "#meta+sdg", width=40),
)


def columns_for(level: str) -> list[Column]:
    return [c for c in COLUMNS if level in c.scopes]


def export_table(summary: pd.DataFrame, q: Questionnaire, t: Translator, names: Names) -> pd.DataFrame:
    """A summary of one level as exported: names resolved, means rounded, columns keyed by Column.key."""
    level = summary["level"].iloc[0]
    lang = t.language
    table = pd.DataFrame(index=summary.index)
    if level == "local_government":
        places = [names.places.get(p, {}) for p in summary["group"]]
        table["place"] = [names.place(p) for p in summary["group"]]
        table["place_id"] = summary["group"]
        table["official_code"] = [p.get("official_code", "") for p in places]
        table["level"] = [t(f"levels.{p['level']}") if p else "" for p in places]
        table["country_code"] = [p.get("country", "") for p in places]
        table["country"] = [names.country(c) for c in table["country_code"]]
    elif level == "country":
        table["country"] = [names.country(c) for c in summary["group"]]
        table["country_code"] = summary["group"]
    else:
        table["region"] = t("export.region_name")
    table["theme"] = [q.themes[k][lang] for k in summary["theme"]]
    for key in ("rank", "area_key", "area", "top3", "respondents", "examples", "actions", "gcm", "sdg"):
        table[key] = summary[key]
    for key in MEANS:
        table[key] = summary[key].astype(float).round(DECIMALS)
    for key in ("rank", "top3", "respondents", "examples"):
        table[key] = table[key].astype(int)
    return table[[c.key for c in columns_for(level)]].reset_index(drop=True)


def scope_counts(summary: pd.DataFrame) -> tuple[int, int]:
    """(example assessments, all assessments) behind a summary of one level."""
    per_group = summary.groupby("group").agg(examples=("examples", "max"), total=("respondents", "max"))
    return int(per_group["examples"].sum()), int(per_group["total"].sum())


def banner(t: Translator, examples: int, total: int) -> str:
    return t("export.banner", count=examples, total=total) if examples else ""


# The example-data banner's colour, the same in spreadsheets and PDFs (Okabe–Ito vermillion).
BANNER_COLOUR = "#D55E00"
