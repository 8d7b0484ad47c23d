"""The seminar's own facts (dates, place, round tables, agenda) from data/seminar.toml."""

import tomllib
from functools import cache
from pathlib import Path

from indicators.config import DATA_DIR


@cache
def load_seminar(path: Path = DATA_DIR / "seminar.toml") -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)
