"""Settings read from the environment, as one frozen dataclass that tests can build themselves."""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"
DEFAULT_DB_PATH = DATA_DIR / "igm_local.duckdb"
# Debian's fonts-dejavu-core: the PDFs embed DejaVu Sans so «», – and accents render.
DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

BASEMAPS = ("none", "carto", "custom")


@dataclass(frozen=True)
class Settings:
    db_path: Path = DEFAULT_DB_PATH
    data_dir: Path = DATA_DIR
    basemap: str = "none"
    tile_url: str = ""
    public_url: str = ""  # the address participants' phones use, for the presenter's QR code
    font_dir: Path = DEFAULT_FONT_DIR  # where the PDFs' DejaVu Sans files are

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        basemap = env.get("IGM_BASEMAP", "none")
        return cls(
            db_path=Path(env.get("IGM_DB_PATH") or DEFAULT_DB_PATH),
            data_dir=Path(env.get("IGM_DATA_DIR") or DATA_DIR),
            basemap=basemap if basemap in BASEMAPS else "none",
            tile_url=env.get("IGM_TILE_URL", ""),
            public_url=env.get("IGM_PUBLIC_URL", "").rstrip("/"),
            font_dir=Path(env.get("IGM_FONT_DIR") or DEFAULT_FONT_DIR),
        )
