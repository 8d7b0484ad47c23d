"""The database schema: the DDL of every table, and the one schema version number kept in `meta`.

`ensure_schema` is idempotent (every statement is CREATE ... IF NOT EXISTS or ADD COLUMN IF NOT EXISTS), so
opening a database made by this version changes nothing and an older one gains what it lacks. Bump
SCHEMA_VERSION with any change to the DDL below (and say what it added in the list under it).
"""

# 2: imported_submissions (answers imported from KoboToolbox / ODK Central).
# 3: boundary_views (imported layers simplified once, at import, for the map); the data_changes table
# (the data revisions: one row per writer and kind of data), created on opening an older database;
# JSON text columns became VARCHAR (PostgreSQL refused updates of JSON columns made through DuckDB's
# postgres extension); the app reads and writes an older file's JSON columns the same.
# 4: boundary_shapes (every boundary feature simplified once, where it is written, for the map).
# 5: the seminar's people: participants, participant_codes, attendance, certificates, removed_counts.
# 6: practices (good practices of local governments, reviewed by organisers) and peer_contacts (an
# office e-mail a respondent agreed to share with peers).
# 7: questions and question_votes (questions from the room, issue 26).
# 8: accounts (organisers, one per person) and audit_log (what they did); access codes expire, can be
# revoked and remember when they were last used (ADDED_COLUMNS).
# 9: rounds, assessments.round_key (an older database's assessments are the seminar's round's) and
# assessments.started_from, commitments and commitment_changes (indicators/store/rounds.py, commitments.py).
# 10: answer_totals and response_totals (the submitted answers summed per local government, kept by
# every write of answers: indicators/store/answer_totals.py), computed on opening an older database.
SCHEMA_VERSION = 10

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS data_changes (
    writer VARCHAR NOT NULL, kind VARCHAR NOT NULL, commits BIGINT NOT NULL, changed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (writer, kind));
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
CREATE TABLE IF NOT EXISTS boundary_shapes (
    layer VARCHAR NOT NULL, code VARCHAR NOT NULL, shape VARCHAR NOT NULL, PRIMARY KEY (layer, code));
CREATE TABLE IF NOT EXISTS boundary_views (
    layer VARCHAR PRIMARY KEY, geojson VARCHAR NOT NULL, vertices INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS access_codes (
    code_hash VARCHAR PRIMARY KEY, place_id VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    user_name VARCHAR PRIMARY KEY, display_name VARCHAR NOT NULL, role VARCHAR NOT NULL, country VARCHAR,
    password_hash VARCHAR NOT NULL, disabled BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL, password_set_at TIMESTAMP NOT NULL, last_login TIMESTAMP);
CREATE TABLE IF NOT EXISTS audit_log (
    logged_at TIMESTAMP NOT NULL, account VARCHAR NOT NULL, action VARCHAR NOT NULL, target VARCHAR NOT NULL,
    address VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS code_attempts (client VARCHAR NOT NULL, failed_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS assessments (
    assessment_id VARCHAR PRIMARY KEY, place_id VARCHAR NOT NULL, resume_hash VARCHAR NOT NULL UNIQUE,
    state VARCHAR NOT NULL, draft VARCHAR NOT NULL, respondent_name VARCHAR, respondent_role VARCHAR,
    anonymous BOOLEAN, is_example BOOLEAN NOT NULL, version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, submitted_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS answers (
    assessment_id VARCHAR NOT NULL, area_key VARCHAR NOT NULL, capacity INTEGER NOT NULL,
    priority INTEGER NOT NULL, top_rank INTEGER, action VARCHAR, office VARCHAR, timeframe VARCHAR,
    PRIMARY KEY (assessment_id, area_key));
CREATE TABLE IF NOT EXISTS answer_totals (
    writer VARCHAR NOT NULL, place_id VARCHAR NOT NULL, area_key VARCHAR NOT NULL,
    index_sum BIGINT NOT NULL, capacity_sum BIGINT NOT NULL, priority_sum BIGINT NOT NULL,
    points_sum BIGINT NOT NULL, top3 BIGINT NOT NULL, n BIGINT NOT NULL,
    PRIMARY KEY (writer, place_id, area_key));
CREATE TABLE IF NOT EXISTS response_totals (
    writer VARCHAR NOT NULL, place_id VARCHAR NOT NULL, is_example BOOLEAN NOT NULL, areas VARCHAR NOT NULL,
    responses BIGINT NOT NULL, PRIMARY KEY (writer, place_id, is_example, areas));
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
    participant_id VARCHAR NOT NULL, phase VARCHAR NOT NULL, answers VARCHAR NOT NULL,
    version INTEGER NOT NULL, updated_at TIMESTAMP NOT NULL, PRIMARY KEY (participant_id, phase));
CREATE TABLE IF NOT EXISTS consultation_drafts (
    participant_id VARCHAR NOT NULL, phase VARCHAR NOT NULL, answers VARCHAR NOT NULL,
    saved_at TIMESTAMP NOT NULL, PRIMARY KEY (participant_id, phase));
CREATE TABLE IF NOT EXISTS consultation_history (
    participant_id VARCHAR NOT NULL, phase VARCHAR NOT NULL, version INTEGER NOT NULL,
    saved_at TIMESTAMP NOT NULL, answers VARCHAR NOT NULL, PRIMARY KEY (participant_id, phase, version));
CREATE TABLE IF NOT EXISTS imported_submissions (
    submission_id VARCHAR PRIMARY KEY, assessment_id VARCHAR NOT NULL, tool VARCHAR NOT NULL,
    submitted_at TIMESTAMP, edits INTEGER NOT NULL, digest VARCHAR NOT NULL, file_name VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS participants (
    participant_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, email VARCHAR NOT NULL UNIQUE,
    role VARCHAR NOT NULL, organisation VARCHAR NOT NULL, place_id VARCHAR, country VARCHAR,
    kind VARCHAR NOT NULL, mode VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL, updated_by VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS participant_codes (
    participant_id VARCHAR PRIMARY KEY, code_hash VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS attendance (
    participant_id VARCHAR NOT NULL, activity VARCHAR NOT NULL, attended BOOLEAN NOT NULL,
    how VARCHAR NOT NULL, recorded_at TIMESTAMP NOT NULL, recorded_by VARCHAR NOT NULL,
    PRIMARY KEY (participant_id, activity));
CREATE TABLE IF NOT EXISTS certificates (
    code_hash VARCHAR PRIMARY KEY, participant_id VARCHAR NOT NULL, name VARCHAR NOT NULL,
    seminar VARCHAR NOT NULL, issued_at TIMESTAMP NOT NULL, issued_by VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS removed_counts (what VARCHAR PRIMARY KEY, count INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS rounds (
    round_key VARCHAR PRIMARY KEY, name_es VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    opened_at TIMESTAMP NOT NULL, opened_by VARCHAR NOT NULL, closed_at TIMESTAMP, closed_by VARCHAR);
CREATE TABLE IF NOT EXISTS commitments (
    commitment_id VARCHAR PRIMARY KEY, assessment_id VARCHAR NOT NULL, place_id VARCHAR NOT NULL,
    round_key VARCHAR, area_key VARCHAR NOT NULL, action VARCHAR NOT NULL, office VARCHAR,
    timeframe VARCHAR, due_date DATE, status VARCHAR NOT NULL, note VARCHAR, evidence_url VARCHAR,
    withdrawn BOOLEAN NOT NULL, is_example BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL, UNIQUE (assessment_id, area_key));
CREATE TABLE IF NOT EXISTS commitment_changes (
    commitment_id VARCHAR NOT NULL, changed_at TIMESTAMP NOT NULL, author VARCHAR NOT NULL,
    fields VARCHAR NOT NULL, action VARCHAR NOT NULL, office VARCHAR, due_date DATE,
    status VARCHAR NOT NULL, note VARCHAR, evidence_url VARCHAR, withdrawn BOOLEAN NOT NULL);
CREATE TABLE IF NOT EXISTS assessment_history (
    assessment_id VARCHAR NOT NULL, version INTEGER NOT NULL, saved_at TIMESTAMP NOT NULL,
    author VARCHAR NOT NULL, payload VARCHAR NOT NULL, PRIMARY KEY (assessment_id, version));
CREATE TABLE IF NOT EXISTS practices (
    practice_id VARCHAR PRIMARY KEY, place_id VARCHAR NOT NULL, area_key VARCHAR NOT NULL,
    title VARCHAR NOT NULL, description VARCHAR NOT NULL, url VARCHAR NOT NULL, year INTEGER,
    source VARCHAR NOT NULL, state VARCHAR NOT NULL, is_example BOOLEAN NOT NULL,
    submitted_by VARCHAR NOT NULL, submitted_at TIMESTAMP NOT NULL, file_name VARCHAR,
    reviewed_by VARCHAR, reviewed_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS peer_contacts (
    assessment_id VARCHAR PRIMARY KEY, place_id VARCHAR NOT NULL, email VARCHAR NOT NULL,
    agreed_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS questions (
    question_id VARCHAR PRIMARY KEY, session_key VARCHAR NOT NULL, text VARCHAR NOT NULL, author VARCHAR,
    state VARCHAR NOT NULL, pinned BOOLEAN NOT NULL, asked_at TIMESTAMP NOT NULL,
    changed_at TIMESTAMP, changed_by VARCHAR);
CREATE TABLE IF NOT EXISTS question_votes (
    question_id VARCHAR NOT NULL, voter VARCHAR NOT NULL, voted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (question_id, voter));
"""


# Columns added to an existing table after it was first created: (schema version, table, column, type).
# Write such a column here only, not in its CREATE TABLE above: opening any older database adds it
# (ADD COLUMN IF NOT EXISTS, so running it again changes nothing), and a new database gets it the same way.
# A new table needs nothing here: its CREATE TABLE IF NOT EXISTS makes it.
ADDED_COLUMNS: tuple[tuple[int, str, str, str], ...] = (
    (8, "access_codes", "expires_on", "DATE"),  # the last day it opens the form; NULL: never expires
    (8, "access_codes", "revoked_at", "TIMESTAMP"),
    (8, "access_codes", "revoked_by", "VARCHAR"),
    (8, "access_codes", "last_used_at", "TIMESTAMP"),
    # The round an assessment was answered in (rounds.round_key); see indicators/store/rounds.py.
    (9, "assessments", "round_key", "VARCHAR"),
    # The assessment whose answers a new one started from (a place's last answers of an earlier round).
    (9, "assessments", "started_from", "VARCHAR"),
)


def full_ddl() -> str:
    """Every table as this version has it, as one script: SCHEMA, then the ADDED_COLUMNS (what `migrate`
    runs on its target, so a copy keeps every column)."""
    added = [f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {c} {k};" for _v, t, c, k in ADDED_COLUMNS]
    return "\n".join([SCHEMA, *added])


def ensure_schema(con) -> None:
    """Create whatever table is missing and record the schema version (first writer wins).

    The same DDL creates the tables of both backends: run through DuckDB in an attached PostgreSQL
    database, it becomes the same tables there (VARCHAR, BOOLEAN, DOUBLE, DATE, TIMESTAMP, INTEGER; the
    geometries' BLOB becomes bytea, holding the same WKB bytes), with the same keys and defaults.
    """
    with con.cursor() as cur:
        cur.execute(SCHEMA)
        for _version, table, column, kind in ADDED_COLUMNS:
            cur.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}")
        cur.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        # Every change so far only adds tables and columns, which the statements above have just made:
        # an older database is now at this version.
        cur.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version' AND CAST(value AS INTEGER) < ?",
            [str(SCHEMA_VERSION), SCHEMA_VERSION],
        )


def schema_version(con) -> int | None:
    """The schema version recorded in the database, or None before `ensure_schema` ran."""
    with con.cursor() as cur:
        tables = cur.execute(
            "SELECT count(*) FROM duckdb_tables()"
            " WHERE table_name = 'meta' AND database_name = current_database()"
        ).fetchone()[0]
        if not tables:
            return None
        row = cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None
