"""Every registry the app and the command line read, loaded from one data folder and checked.

`Registries.load(settings)` reads the interface texts, the seminar, the self-assessment
questionnaire, the IGM framework, the consultation, the countries and the bundled boundary sources
from `settings.data_dir` (IGM_DATA_DIR), each checked as it is read the way places.csv is: a broken
file raises DataFileError with every problem (row, column, value, reason) and no Registries is
made, so nothing is ever half loaded. Views get it through ui.data.registries() (cached per data
folder); the command line loads it once per run.
"""

from dataclasses import dataclass

import pandas as pd

from indicators import bundle
from indicators.config import Settings
from indicators.consultation import Consultation, load_consultation
from indicators.framework import Framework, load_framework
from indicators.i18n import Translator, load_catalogue
from indicators.questionnaire import Questionnaire, load_questionnaire
from indicators.seminar import load_seminar


@dataclass(frozen=True)
class Registries:
    catalogue: dict[str, dict[str, str]]  # i18n.toml, flattened: "section.key" -> {"es", "en"}
    seminar: dict  # seminar.toml
    questionnaire: Questionnaire  # questionnaire.toml, its round tables from seminar.toml
    framework: Framework  # igm_domains.csv, igm_subareas.csv
    consultation: Consultation  # consultation.toml
    countries: pd.DataFrame  # countries.csv
    boundary_sources: pd.DataFrame  # boundaries/sources.csv

    @classmethod
    def load(cls, settings: Settings) -> "Registries":
        data_dir = settings.data_dir
        countries = bundle.read_countries(data_dir / "countries.csv")
        sources = bundle.read_boundary_sources(
            data_dir / "boundaries" / "sources.csv", set(countries["iso3"])
        )
        return cls(
            catalogue=load_catalogue(data_dir),
            seminar=load_seminar(data_dir),
            questionnaire=load_questionnaire(data_dir),
            framework=load_framework(data_dir),
            consultation=load_consultation(data_dir),
            countries=countries,
            boundary_sources=sources,
        )

    def translator(self, language: str) -> Translator:
        return Translator(language, self.catalogue)
