"""Settings read from the environment (and the database URL from Streamlit's secrets file), as one
frozen dataclass that tests can build themselves."""

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"
DEFAULT_DB_PATH = DATA_DIR / "igm_local.duckdb"
# Streamlit's own secrets file; `[connections.igm] url = "postgresql://…"` follows st.connection's layout.
SECRETS_FILE = PROJECT_DIR / ".streamlit" / "secrets.toml"
CONNECTION_NAME = "igm"
# Debian's fonts-dejavu-core: the PDFs embed DejaVu Sans so «», – and accents render.
DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

BASEMAPS = ("none", "carto", "custom")
# A new access code's life when its expiry is not given: the follow-up of a seminar lasts months.
DEFAULT_CODE_DAYS = 120


@dataclass(frozen=True)
class Settings:
    db_path: Path = DEFAULT_DB_PATH
    data_dir: Path = DATA_DIR
    basemap: str = "none"
    tile_url: str = ""
    public_url: str = ""  # the address participants' phones use, for the presenter's QR code
    database_url: str = ""  # a shared PostgreSQL server; empty: the embedded DuckDB file at db_path
    font_dir: Path = DEFAULT_FONT_DIR  # where the PDFs' DejaVu Sans files are
    secrets_file: Path = SECRETS_FILE  # where the command line reads the secrets the app gets from Streamlit
    # The zone times are shown in: a zone name, or "browser"; empty: the seminar's (data/seminar.toml).
    timezone: str = ""
    code_days: int = DEFAULT_CODE_DAYS  # how long a new access code opens the form when no expiry is given

    @property
    def database(self) -> str:
        """What the store opens: the PostgreSQL URL when one is set, else the DuckDB file."""
        return self.database_url or str(self.db_path)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, secrets: Mapping | None = None) -> "Settings":
        """`secrets` is Streamlit's secrets as a mapping (the app passes st.secrets); without it the
        secrets file is read here, so the command line finds the same database as the app."""
        env = os.environ if env is None else env
        secrets_file = Path(env.get("IGM_SECRETS_FILE") or SECRETS_FILE)
        if secrets is None:
            secrets = read_secrets(secrets_file)
        basemap = env.get("IGM_BASEMAP", "none")
        return cls(
            db_path=Path(env.get("IGM_DB_PATH") or DEFAULT_DB_PATH),
            data_dir=Path(env.get("IGM_DATA_DIR") or DATA_DIR),
            basemap=basemap if basemap in BASEMAPS else "none",
            tile_url=env.get("IGM_TILE_URL", ""),
            public_url=env.get("IGM_PUBLIC_URL", "").rstrip("/"),
            database_url=(env.get("IGM_DATABASE_URL") or secrets_database_url(secrets)).strip(),
            font_dir=Path(env.get("IGM_FONT_DIR") or DEFAULT_FONT_DIR),
            secrets_file=secrets_file,
            timezone=env.get("IGM_TIMEZONE", "").strip(),
            code_days=whole_days(env.get("IGM_CODE_DAYS"), DEFAULT_CODE_DAYS),
        )


def whole_days(text: str | None, default: int) -> int:
    """A number of days from the environment; the default when unset or not a whole number >= 0."""
    try:
        days = int((text or "").strip())
    except ValueError:
        return default
    return days if days >= 0 else default


def read_secrets(path: Path) -> dict:
    """The secrets file as a dict ({} when there is none). A broken file raises tomllib.TOMLDecodeError."""
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def secrets_database_url(secrets: Mapping) -> str:
    connection = (secrets.get("connections") or {}).get(CONNECTION_NAME) or {}
    return str(connection.get("url") or "")
