"""The DuckDB store: the one module that owns the connection, the schema and every query.

The app keeps a single connection per process and runs each statement on its own cursor, because
a DuckDB connection must not be shared across Streamlit's session threads. The app is the single
writer of the file; bundled data (data/*.csv, data/boundaries/) is reloaded when its files change,
and only rows whose `origin` is 'bundled' are ever replaced.
"""

import datetime as dt
import hashlib
import json
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from indicators import access, geo, places
from indicators.assessment import Assessment, top_rank
from indicators.questionnaire import Questionnaire

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS bundle_files (
    dataset VARCHAR PRIMARY KEY, sha256 VARCHAR NOT NULL, loaded_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS countries (
    iso3 VARCHAR PRIMARY KEY, iso_numeric VARCHAR NOT NULL,
    name_es VARCHAR NOT NULL, name_en VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS places (
    place_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, level VARCHAR NOT NULL,
    admin_level VARCHAR NOT NULL, country VARCHAR NOT NULL, admin1 VARCHAR,
    official_code VARCHAR, code_system VARCHAR, code_verified BOOLEAN NOT NULL, iso_3166_2 VARCHAR,
    lat DOUBLE, lon DOUBLE, coord_precision VARCHAR,
    status VARCHAR NOT NULL, status_from VARCHAR, status_start DATE, status_end DATE,
    source_label VARCHAR, source_url VARCHAR NOT NULL, verified BOOLEAN NOT NULL,
    notes_es VARCHAR, notes_en VARCHAR,
    origin VARCHAR NOT NULL DEFAULT 'bundled');
CREATE TABLE IF NOT EXISTS boundary_sources (
    layer VARCHAR PRIMARY KEY, country VARCHAR, admin_level VARCHAR NOT NULL, title VARCHAR NOT NULL,
    licence VARCHAR NOT NULL, url VARCHAR, attribution VARCHAR NOT NULL,
    origin VARCHAR NOT NULL DEFAULT 'bundled', file_name VARCHAR, imported_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS place_boundaries (
    place_id VARCHAR NOT NULL, layer VARCHAR NOT NULL, code VARCHAR NOT NULL, how VARCHAR NOT NULL,
    PRIMARY KEY (place_id, layer));
CREATE TABLE IF NOT EXISTS boundaries (
    layer VARCHAR NOT NULL, code VARCHAR NOT NULL, name VARCHAR, geom BLOB NOT NULL,
    PRIMARY KEY (layer, code));
CREATE TABLE IF NOT EXISTS access_codes (
    code_hash VARCHAR PRIMARY KEY, place_id VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS code_attempts (client VARCHAR NOT NULL, failed_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS assessments (
    assessment_id VARCHAR PRIMARY KEY, place_id VARCHAR NOT NULL, resume_hash VARCHAR NOT NULL UNIQUE,
    state VARCHAR NOT NULL, draft JSON NOT NULL, respondent_name VARCHAR, respondent_role VARCHAR,
    anonymous BOOLEAN, is_example BOOLEAN NOT NULL, version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, submitted_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS answers (
    assessment_id VARCHAR NOT NULL, area_key VARCHAR NOT NULL, capacity INTEGER NOT NULL,
    priority INTEGER NOT NULL, top_rank INTEGER, action VARCHAR, office VARCHAR, timeframe VARCHAR,
    PRIMARY KEY (assessment_id, area_key));
CREATE TABLE IF NOT EXISTS igm_imports (
    import_id VARCHAR PRIMARY KEY, place_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL, digest VARCHAR NOT NULL, rows INTEGER NOT NULL,
    is_example BOOLEAN NOT NULL, is_current BOOLEAN NOT NULL, imported_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS igm_findings (
    import_id VARCHAR NOT NULL, place_id VARCHAR NOT NULL, domain VARCHAR NOT NULL,
    finding_type VARCHAR NOT NULL, finding VARCHAR NOT NULL, source VARCHAR NOT NULL, page INTEGER,
    position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS igm_answers (
    import_id VARCHAR NOT NULL, place_id VARCHAR NOT NULL, indicator_code VARCHAR NOT NULL,
    domain VARCHAR NOT NULL, subarea VARCHAR, indicator_text VARCHAR NOT NULL, answer VARCHAR NOT NULL,
    source VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS consultation_participants (
    participant_id VARCHAR PRIMARY KEY, code_hash VARCHAR NOT NULL UNIQUE, created_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS consultation_responses (
    participant_id VARCHAR NOT NULL, phase VARCHAR NOT NULL, answers JSON NOT NULL,
    version INTEGER NOT NULL, updated_at TIMESTAMP NOT NULL, PRIMARY KEY (participant_id, phase));
CREATE TABLE IF NOT EXISTS consultation_history (
    participant_id VARCHAR NOT NULL, phase VARCHAR NOT NULL, version INTEGER NOT NULL,
    saved_at TIMESTAMP NOT NULL, answers JSON NOT NULL, PRIMARY KEY (participant_id, phase, version));
CREATE TABLE IF NOT EXISTS assessment_history (
    assessment_id VARCHAR NOT NULL, version INTEGER NOT NULL, saved_at TIMESTAMP NOT NULL,
    author VARCHAR NOT NULL, payload JSON NOT NULL, PRIMARY KEY (assessment_id, version));
"""

# The columns of places.csv and what loading derives from them (the as-of period, the admin level).
PLACE_COLUMNS = (*places.COLUMNS, "admin_level", "status_start", "status_end")


@dataclass
class BundleReport:
    reloaded: list[str] = field(default_factory=list)


class Store:
    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        # Writes are serialised: each is a few milliseconds, and one writer at a time means
        # concurrent submissions can never conflict or interleave.
        self._write_lock = threading.Lock()

    @classmethod
    def open(cls, path: Path | str) -> "Store":
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        store = cls(duckdb.connect(str(path)))
        store.ensure_schema()
        return store

    def close(self) -> None:
        self.con.close()

    def query(self, sql: str, params: list | tuple = ()) -> pd.DataFrame:
        with self.con.cursor() as cur:
            return cur.execute(sql, list(params)).df()

    def ensure_schema(self) -> None:
        with self.con.cursor() as cur:
            cur.execute(SCHEMA)
            cur.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])

    # --- bundled data -------------------------------------------------------------------------

    def load_bundled(self, data_dir: Path, force: bool = False) -> BundleReport:
        """Reload every bundled dataset whose files changed (all of them with `force`).

        Each changed dataset is read and checked in full before anything is written; the writes
        then happen in one transaction, so a bad file leaves the database exactly as it was.
        """
        hashes = bundle_hashes(data_dir)
        loaded = dict(self.query("SELECT dataset, sha256 FROM bundle_files").values.tolist())
        changed = [name for name, digest in hashes.items() if force or loaded.get(name) != digest]
        if not changed:
            return BundleReport()
        country_rows = places.read_countries(data_dir / "countries.csv")
        staged = {"countries": country_rows}
        if "places" in changed:
            staged["places"] = places.read_places(data_dir / "places.csv", set(country_rows["iso3"]))
        if "boundaries" in changed:
            staged["boundaries"] = read_bundled_boundaries(data_dir / "boundaries", set(country_rows["iso3"]))
        with self.con.cursor() as cur:
            cur.begin()
            try:
                if "countries" in changed:
                    _replace_countries(cur, country_rows)
                if "places" in changed:
                    _replace_bundled_places(cur, staged["places"])
                if "boundaries" in changed:
                    _replace_bundled_boundaries(cur, *staged["boundaries"])
                now = dt.datetime.now()
                for name in changed:
                    cur.execute(
                        "INSERT OR REPLACE INTO bundle_files VALUES (?, ?, ?)", [name, hashes[name], now]
                    )
                cur.commit()
            except Exception:
                cur.rollback()
                raise
        return BundleReport(reloaded=changed)

    # --- queries ------------------------------------------------------------------------------

    def countries(self) -> pd.DataFrame:
        return self.query("SELECT * FROM countries ORDER BY iso3")

    def places(self, igm_only: bool = True) -> pd.DataFrame:
        """The IGM places (default), or every place including municipalities registered by organisers."""
        where = "WHERE status <> 'none'" if igm_only else ""
        frame = self.query(f"SELECT {', '.join(PLACE_COLUMNS)} FROM places {where} ORDER BY country, name")
        for column in ("status_start", "status_end"):
            frame[column] = [d.date() if pd.notna(d) else None for d in frame[column]]
        return frame

    def boundary_layer(self, layer: str) -> pd.DataFrame:
        return self.query("SELECT code, name, geom FROM boundaries WHERE layer = ? ORDER BY code", [layer])

    def place_polygons(self) -> pd.DataFrame:
        """Each place's polygon: from an imported layer where its import matched it (by code or name),
        else from a bundled layer of its country and level whose code is the place's official code."""
        return self.query(
            """
            WITH matched AS (
                SELECT place_id, layer, code, 0 AS preference FROM place_boundaries
                UNION ALL
                SELECT p.place_id, s.layer, p.official_code, 1
                FROM places p
                JOIN boundary_sources s ON s.country = p.country AND s.admin_level = p.admin_level
                WHERE s.origin = 'bundled' AND p.official_code IS NOT NULL AND p.official_code <> ''
            )
            SELECT m.place_id, b.geom, m.layer
            FROM matched m JOIN boundaries b ON b.layer = m.layer AND b.code = m.code
            QUALIFY row_number() OVER (PARTITION BY m.place_id ORDER BY m.preference) = 1
            ORDER BY m.place_id
            """
        )

    def replace_boundary_layer(
        self,
        layer: str,
        country: str,
        admin_level: str,
        source: dict,
        rows: pd.DataFrame,
        matches: pd.DataFrame,
        file_name: str,
    ) -> None:
        """Put an imported layer in place of the previous one of the same country and level, atomically.

        `source` holds title, licence, url and attribution; `matches` (place_id, code, how) says which
        catalogue place takes which polygon. Until the commit, the map keeps the previous layer.
        """
        with self._write_lock, self.con.cursor() as cur:
            cur.begin()
            try:
                cur.execute("DELETE FROM boundaries WHERE layer = ?", [layer])
                cur.execute("DELETE FROM place_boundaries WHERE layer = ?", [layer])
                cur.execute("DELETE FROM boundary_sources WHERE layer = ?", [layer])
                cur.execute(
                    "INSERT INTO boundary_sources VALUES (?, ?, ?, ?, ?, ?, ?, 'imported', ?, ?)",
                    [
                        layer,
                        country,
                        admin_level,
                        source["title"],
                        source["licence"],
                        source.get("url", ""),
                        source.get("attribution") or source["title"],
                        file_name,
                        dt.datetime.now(),
                    ],
                )
                cur.register("new_boundaries", rows.assign(layer=layer)[["layer", "code", "name", "geom"]])
                cur.execute("INSERT INTO boundaries SELECT layer, code, name, geom FROM new_boundaries")
                cur.unregister("new_boundaries")
                if not matches.empty:
                    cur.register(
                        "new_matches", matches.assign(layer=layer)[["place_id", "layer", "code", "how"]]
                    )
                    cur.execute(
                        "INSERT INTO place_boundaries SELECT place_id, layer, code, how FROM new_matches"
                    )
                    cur.unregister("new_matches")
                cur.commit()
            except Exception:
                cur.rollback()
                raise

    def imported_layers(self) -> pd.DataFrame:
        return self.query(
            "SELECT s.layer, s.country, s.admin_level, s.title, s.licence, s.file_name, s.imported_at,"
            " count(b.code) AS features FROM boundary_sources s LEFT JOIN boundaries b USING (layer)"
            " WHERE s.origin = 'imported' GROUP BY ALL ORDER BY s.layer"
        )

    def boundary_sources(self) -> pd.DataFrame:
        return self.query("SELECT * FROM boundary_sources ORDER BY admin_level, layer")

    # --- places registered by organisers -----------------------------------------------------

    def register_place(
        self, place_id: str, name: str, level: str, country: str, admin1: str, official_code: str
    ) -> None:
        """A local government that may answer the self-assessment; it has no IGM status (status 'none')."""
        with self._write_lock, self.con.cursor() as cur:
            cur.execute(
                "INSERT INTO places (place_id, name, level, admin_level, country, admin1, official_code,"
                " code_verified, status, source_url, verified, origin)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, false, 'none', '', false, 'organiser')",
                [place_id, name, level, places.LEVELS[level], country, admin1, official_code],
            )

    # --- access codes ---------------------------------------------------------------------------

    def create_access_codes(self, place_id: str, count: int, created_by: str) -> list[str]:
        """New codes for a place; the plain codes are returned once and never stored."""
        codes = [access.new_code() for _ in range(count)]
        now = dt.datetime.now()
        with self._write_lock, self.con.cursor() as cur:
            cur.executemany(
                "INSERT INTO access_codes VALUES (?, ?, ?, ?)",
                [[access.hash_code(c), place_id, now, created_by] for c in codes],
            )
        return codes

    def place_for_code(self, code: str) -> str | None:
        rows = self.query("SELECT place_id FROM access_codes WHERE code_hash = ?", [access.hash_code(code)])
        return rows.iloc[0, 0] if len(rows) else None

    def access_code_counts(self) -> pd.DataFrame:
        return self.query(
            "SELECT place_id, count(*) AS codes, max(created_at) AS last_created FROM access_codes"
            " GROUP BY place_id ORDER BY place_id"
        )

    def record_failed_attempt(self, client: str, at: dt.datetime) -> None:
        with self._write_lock, self.con.cursor() as cur:
            cur.execute("INSERT INTO code_attempts VALUES (?, ?)", [client, at])

    def failed_attempts(self, client: str, since: dt.datetime) -> list[dt.datetime]:
        rows = self.query(
            "SELECT failed_at FROM code_attempts WHERE client = ? AND failed_at >= ?", [client, since]
        )
        return [t.to_pydatetime() for t in rows["failed_at"]]

    # --- assessments ----------------------------------------------------------------------------

    def create_assessment(self, place_id: str, is_example: bool = False) -> tuple[str, str]:
        """A new empty draft; returns (assessment_id, resume_code). The resume code is shown once."""
        assessment_id, resume_code = str(uuid.uuid4()), access.new_code()
        now = dt.datetime.now()
        with self._write_lock, self.con.cursor() as cur:
            cur.execute(
                "INSERT INTO assessments (assessment_id, place_id, resume_hash, state, draft, is_example,"
                " version, created_at, updated_at) VALUES (?, ?, ?, 'draft', ?, ?, 0, ?, ?)",
                [
                    assessment_id,
                    place_id,
                    access.hash_code(resume_code),
                    Assessment(place_id).to_json(),
                    is_example,
                    now,
                    now,
                ],
            )
        return assessment_id, resume_code

    def assessment_for_resume_code(self, code: str) -> dict | None:
        rows = self.query(
            "SELECT assessment_id, place_id, state, draft, version, is_example FROM assessments"
            " WHERE resume_hash = ?",
            [access.hash_code(code)],
        )
        return rows.iloc[0].to_dict() if len(rows) else None

    def assessment(self, assessment_id: str) -> dict:
        rows = self.query("SELECT * FROM assessments WHERE assessment_id = ?", [assessment_id])
        return rows.iloc[0].to_dict()

    def save_draft(self, assessment_id: str, assessment: Assessment) -> None:
        """Keep what the respondent typed so far; drafts are overwritten, not versioned."""
        with self._write_lock, self.con.cursor() as cur:
            cur.execute(
                "UPDATE assessments SET draft = ?, updated_at = ? WHERE assessment_id = ?",
                [assessment.to_json(), dt.datetime.now(), assessment_id],
            )

    def submit_assessment(
        self, assessment_id: str, assessment: Assessment, q: Questionnaire, author: str
    ) -> int:
        """Store a complete assessment as the current answers and append it to the history.

        The caller has checked it with `problems_for_submit`. Returns the new version number.
        """
        name, role = assessment.stored_identity()
        rows = [
            [
                assessment_id,
                area.key,
                answer.capacity,
                answer.priority,
                top_rank(assessment, area.key, area.theme),
                answer.action.strip(),
                answer.office.strip(),
                answer.timeframe,
            ]
            for area in q.areas
            if (answer := assessment.answers.get(area.key))
        ]
        now = dt.datetime.now()
        payload = assessment.to_json()
        with self._write_lock, self.con.cursor() as cur:
            cur.begin()
            try:
                version = cur.execute(
                    "UPDATE assessments SET state = 'submitted', draft = ?, respondent_name = ?,"
                    " respondent_role = ?, anonymous = ?, version = version + 1, updated_at = ?,"
                    " submitted_at = ? WHERE assessment_id = ? RETURNING version",
                    [payload, name, role, assessment.anonymous, now, now, assessment_id],
                ).fetchone()[0]
                cur.execute("DELETE FROM answers WHERE assessment_id = ?", [assessment_id])
                cur.executemany("INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
                cur.execute(
                    "INSERT INTO assessment_history VALUES (?, ?, ?, ?, ?)",
                    [assessment_id, version, now, author, payload],
                )
                cur.commit()
            except Exception:
                cur.rollback()
                raise
        return version

    def assessment_counts(self) -> dict[str, int]:
        row = self.query(
            "SELECT count(*) FILTER (state = 'submitted') AS submitted,"
            " count(*) FILTER (state = 'submitted' AND is_example) AS examples,"
            " count(*) FILTER (state = 'draft') AS drafts FROM assessments"
        ).iloc[0]
        return {k: int(v) for k, v in row.items()}

    def add_example_assessments(
        self, assessments: list[Assessment], q: Questionnaire, author: str
    ) -> list[str]:
        """Store generated example assessments as submitted, in one transaction.

        They get no resume code (nobody resumes generated data) and go in as whole tables, so
        thousands are written in seconds for demos and benchmarks. Every row is flagged `is_example`.
        """
        now = dt.datetime.now()
        ids = [str(uuid.uuid4()) for _ in assessments]
        payloads = [a.to_json() for a in assessments]
        heads = pd.DataFrame(
            {
                "assessment_id": ids,
                "place_id": [a.place_id for a in assessments],
                "resume_hash": [f"example:{i}" for i in ids],
                "draft": payloads,
            }
        )
        answers = pd.DataFrame(
            [
                (
                    assessment_id,
                    area.key,
                    answer.capacity,
                    answer.priority,
                    top_rank(assessment, area.key, area.theme),
                    answer.action,
                    answer.office,
                    answer.timeframe,
                )
                for assessment_id, assessment in zip(ids, assessments, strict=True)
                for area in q.areas
                if (answer := assessment.answers.get(area.key))
            ],
            columns=[
                "assessment_id",
                "area_key",
                "capacity",
                "priority",
                "top_rank",
                "action",
                "office",
                "timeframe",
            ],
        ).astype({"top_rank": "Int64", "timeframe": "string"})
        with self._write_lock, self.con.cursor() as cur:
            cur.register("new_heads", heads)
            cur.register("new_answers", answers)
            cur.begin()
            try:
                cur.execute(
                    "INSERT INTO assessments (assessment_id, place_id, resume_hash, state, draft, anonymous,"
                    " is_example, version, created_at, updated_at, submitted_at)"
                    " SELECT assessment_id, place_id, resume_hash, 'submitted', draft, true, true, 1, ?, ?, ?"
                    " FROM new_heads",
                    [now, now, now],
                )
                cur.execute("INSERT INTO answers SELECT * FROM new_answers")
                cur.execute(
                    "INSERT INTO assessment_history SELECT assessment_id, 1, ?, ?, draft FROM new_heads",
                    [now, author],
                )
                cur.commit()
            except Exception:
                cur.rollback()
                raise
        return ids

    # --- local IGM results ----------------------------------------------------------------------

    def import_results(
        self, findings: pd.DataFrame, answers: pd.DataFrame, file_name: str, is_example: bool = False
    ) -> dict[tuple[str, str], str]:
        """Replace, place by place, the results a checked file brings; keep the previous ones as history.

        For each (place, kind) the outcome is "new", "replaced" or "unchanged" (same rows as the
        current import: re-importing a file changes nothing). Example results never replace real
        ones ("kept_real"); real results always replace example ones. One transaction.
        """
        tables = {"findings": (findings, "igm_findings"), "answers": (answers, "igm_answers")}
        outcome: dict[tuple[str, str], str] = {}
        now = dt.datetime.now()
        with self._write_lock, self.con.cursor() as cur:
            cur.begin()
            try:
                for kind, (frame, table) in tables.items():
                    for place_id, rows in frame.groupby("place_id", sort=True):
                        rows = rows.reset_index(drop=True)
                        digest = hashlib.sha256(rows.to_json(orient="records").encode()).hexdigest()
                        current = cur.execute(
                            "SELECT import_id, digest, is_example FROM igm_imports"
                            " WHERE place_id = ? AND kind = ? AND is_current",
                            [place_id, kind],
                        ).fetchone()
                        if current and current[1] == digest and current[2] == is_example:
                            outcome[(place_id, kind)] = "unchanged"
                            continue
                        if current and is_example and not current[2]:
                            outcome[(place_id, kind)] = "kept_real"
                            continue
                        if current:
                            cur.execute(
                                "UPDATE igm_imports SET is_current = false WHERE import_id = ?", [current[0]]
                            )
                        import_id = str(uuid.uuid4())
                        cur.execute(
                            "INSERT INTO igm_imports VALUES (?, ?, ?, ?, ?, ?, ?, true, ?)",
                            [import_id, place_id, kind, file_name, digest, len(rows), is_example, now],
                        )
                        stored = rows.assign(import_id=import_id)
                        if kind == "findings":
                            stored = stored.assign(position=range(len(stored)))
                        cur.register("new_results", stored)
                        columns = [c[0] for c in cur.execute(f"DESCRIBE {table}").fetchall()]
                        cur.execute(
                            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)}"
                            " FROM new_results"
                        )
                        cur.unregister("new_results")
                        outcome[(place_id, kind)] = "replaced" if current else "new"
                cur.commit()
            except Exception:
                cur.rollback()
                raise
        return outcome

    def results_imports(self, place_id: str | None = None) -> pd.DataFrame:
        """Every import (current and past), newest first."""
        return self.query(
            "SELECT * FROM igm_imports WHERE (? IS NULL OR place_id = ?) ORDER BY imported_at DESC, kind",
            [place_id, place_id],
        )

    def current_findings(self, place_ids: list[str]) -> pd.DataFrame:
        return self.query(
            "SELECT f.*, i.is_example FROM igm_findings f JOIN igm_imports i USING (import_id)"
            " WHERE i.is_current AND list_contains(?, f.place_id) ORDER BY f.place_id, f.position",
            [place_ids],
        )

    def current_answers(self, place_ids: list[str]) -> pd.DataFrame:
        return self.query(
            "SELECT a.*, i.is_example FROM igm_answers a JOIN igm_imports i USING (import_id)"
            " WHERE i.is_current AND list_contains(?, a.place_id) ORDER BY a.place_id, a.indicator_code",
            [place_ids],
        )

    def places_with_results(self) -> pd.DataFrame:
        return self.query(
            "SELECT place_id, bool_or(is_example) AS is_example, sum(rows) AS rows FROM igm_imports"
            " WHERE is_current GROUP BY place_id ORDER BY place_id"
        )

    # --- seminar consultation ---------------------------------------------------------------------

    def setting(self, key: str, default: str = "") -> str:
        rows = self.query("SELECT value FROM meta WHERE key = ?", [key])
        return rows.iloc[0, 0] if len(rows) else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write_lock, self.con.cursor() as cur:
            cur.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    def create_participant(self) -> tuple[str, str]:
        """A participant known only by a personal code (returned once, stored hashed)."""
        participant_id, code = str(uuid.uuid4()), access.new_code()
        with self._write_lock, self.con.cursor() as cur:
            cur.execute(
                "INSERT INTO consultation_participants VALUES (?, ?, ?)",
                [participant_id, access.hash_code(code), dt.datetime.now()],
            )
        return participant_id, code

    def participant_for_code(self, code: str) -> str | None:
        rows = self.query(
            "SELECT participant_id FROM consultation_participants WHERE code_hash = ?",
            [access.hash_code(code)],
        )
        return rows.iloc[0, 0] if len(rows) else None

    def consultation_answers(self, participant_id: str, phase: str) -> dict | None:
        rows = self.query(
            "SELECT answers FROM consultation_responses WHERE participant_id = ? AND phase = ?",
            [participant_id, phase],
        )
        return json.loads(rows.iloc[0, 0]) if len(rows) else None

    def save_consultation(self, participant_id: str, phase: str, answers: dict) -> int:
        """One response per participant and phase: a second one edits it; every version is kept."""
        payload = json.dumps(answers, ensure_ascii=False, sort_keys=True)
        now = dt.datetime.now()
        with self._write_lock, self.con.cursor() as cur:
            cur.begin()
            try:
                row = cur.execute(
                    "SELECT version FROM consultation_responses WHERE participant_id = ? AND phase = ?",
                    [participant_id, phase],
                ).fetchone()
                version = (row[0] if row else 0) + 1
                cur.execute(
                    "INSERT OR REPLACE INTO consultation_responses VALUES (?, ?, ?, ?, ?)",
                    [participant_id, phase, payload, version, now],
                )
                cur.execute(
                    "INSERT INTO consultation_history VALUES (?, ?, ?, ?, ?)",
                    [participant_id, phase, version, now, payload],
                )
                cur.commit()
            except Exception:
                cur.rollback()
                raise
        return version

    def consultation_responses(self) -> pd.DataFrame:
        """Every current response: participant_id, phase, answers (a dict per row)."""
        frame = self.query(
            "SELECT participant_id, phase, answers FROM consultation_responses ORDER BY updated_at"
        )
        frame["answers"] = [json.loads(a) for a in frame["answers"]]
        return frame

    def history(self, assessment_id: str) -> pd.DataFrame:
        return self.query(
            "SELECT version, saved_at, author FROM assessment_history WHERE assessment_id = ?"
            " ORDER BY version",
            [assessment_id],
        )

    def submitted_answers(self, place_id: str | None = None, country: str | None = None) -> pd.DataFrame:
        """Current answers of submitted assessments, with place, country and the example flag."""
        return self.query(
            """
            SELECT a.assessment_id, a.area_key, a.capacity, a.priority, a.top_rank, a.action, a.office,
                   a.timeframe, s.place_id, p.country, s.is_example
            FROM answers a
            JOIN assessments s USING (assessment_id)
            JOIN places p USING (place_id)
            WHERE s.state = 'submitted' AND (? IS NULL OR s.place_id = ?) AND (? IS NULL OR p.country = ?)
            """,
            [place_id, place_id, country, country],
        )


def bundle_hashes(data_dir: Path) -> dict[str, str]:
    """One digest per bundled dataset; countries feed the check of places, so places include them."""

    def digest(*paths: Path) -> str:
        h = hashlib.sha256()
        for path in paths:
            h.update(path.name.encode())
            h.update(path.read_bytes())
        return h.hexdigest()

    boundary_dir = data_dir / "boundaries"
    return {
        "countries": digest(data_dir / "countries.csv"),
        "places": digest(data_dir / "countries.csv", data_dir / "places.csv"),
        "boundaries": digest(*sorted(p for p in boundary_dir.iterdir() if p.is_file())),
    }


def read_bundled_boundaries(
    boundary_dir: Path, known_countries: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    sources = geo.read_sources(boundary_dir / "sources.csv", known_countries)
    layers = []
    for source in sources.itertuples(index=False):
        rows = geo.read_boundary_layer(boundary_dir / source.file, source.code_field, source.name_field)
        rows.insert(0, "layer", source.layer)
        layers.append(rows)
    return sources, pd.concat(layers, ignore_index=True)


def _replace_countries(cur, rows: pd.DataFrame) -> None:
    cur.execute("DELETE FROM countries")
    cur.register("new_countries", rows)
    cur.execute("INSERT INTO countries SELECT iso3, iso_numeric, name_es, name_en FROM new_countries")
    cur.unregister("new_countries")


def _replace_bundled_places(cur, rows: pd.DataFrame) -> None:
    rows = rows.copy()
    for column in ("status_start", "status_end"):
        rows[column] = pd.to_datetime(rows[column])
    cur.execute("DELETE FROM places WHERE origin = 'bundled'")
    cur.register("new_places", rows)
    columns = ", ".join(PLACE_COLUMNS)
    cur.execute(f"INSERT INTO places ({columns}) SELECT {columns} FROM new_places")
    cur.unregister("new_places")


def _replace_bundled_boundaries(cur, sources: pd.DataFrame, rows: pd.DataFrame) -> None:
    old_layers = "SELECT layer FROM boundary_sources WHERE origin = 'bundled'"
    cur.execute(f"DELETE FROM boundaries WHERE layer IN ({old_layers})")
    cur.execute("DELETE FROM boundary_sources WHERE origin = 'bundled'")
    # A layer an organiser imported (official boundaries) takes precedence over the bundled one.
    imported = {r[0] for r in cur.execute("SELECT layer FROM boundary_sources").fetchall()}
    sources = sources[~sources["layer"].isin(imported)]
    rows = rows[~rows["layer"].isin(imported)]
    for s in sources.itertuples(index=False):
        cur.execute(
            "INSERT INTO boundary_sources (layer, country, admin_level, title, licence, url, attribution)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [s.layer, s.country or None, s.admin_level, s.title, s.licence, s.url, s.attribution],
        )
    cur.executemany(
        "INSERT INTO boundaries VALUES (?, ?, ?, ?)",
        [[r.layer, r.code, r.name, r.geom] for r in rows.itertuples(index=False)],
    )
