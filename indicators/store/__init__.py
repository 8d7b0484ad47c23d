"""The store: the one package that owns the connection (an embedded DuckDB file, or PostgreSQL through
DuckDB's postgres extension), the schema and every query.

`Store` is composed of one mixin per concept; a new query or write goes in the module of its concept:

    connection.py      open/close, `query(sql, params)`, `transaction()` (the only begin/commit/rollback)
    schema.py          the DDL, idempotent `ensure_schema`, the schema version kept in `meta`
    places.py          countries, places, places registered by organisers
    boundaries.py      boundary layers, their sources, imported layers, place polygons
    access_codes.py    access codes (their expiry, revocation, last use) and failed code attempts
    accounts.py        organiser accounts (the password's hash only)
    audit.py           the audit trail (appended, never changed)
    assessments.py     drafts, submissions, history, example assessments, submitted answers
    answer_totals.py   the submitted answers summed per local government, kept by every write of answers
    results.py         imports of local IGM results (findings, indicator answers)
    consultation.py    the seminar consultation's participants and responses
    participants.py    the seminar's roster, personal check-in codes, attendance, removal on request
    certificates.py    issued certificates, found by the hash of their verification code
    practices.py       good practices: added as pending, reviewed by organisers
    peers.py           office e-mails respondents agreed to share with peers
    settings.py        app-wide settings (the `meta` table)
    questions.py       the room's questions and votes, the proposed actions shown as words
    bundle_loading.py  writing the bundled datasets (reading them is indicators/bundle.py)
    rounds.py          rounds of the self-assessment (the seminar's, follow-up ones), answers per round
    commitments.py     commitments made by submissions, their status and every change

On a DuckDB file the app is its single writer (one process holds the file's lock); on PostgreSQL
several app instances write at once. Bundled data (data/*.csv, data/boundaries/) is reloaded when
its files change, and only rows whose `origin` is 'bundled' are ever replaced.
"""

from indicators.bundle import BundleReport, bundle_hashes, read_bundled_boundaries, read_countries
from indicators.store.access_codes import AccessCodesMixin
from indicators.store.accounts import AccountsMixin, AccountTaken
from indicators.store.assessments import AssessmentsMixin
from indicators.store.audit import AuditMixin
from indicators.store.boundaries import BoundariesMixin
from indicators.store.bundle_loading import BundleLoadingMixin
from indicators.store.certificates import CertificatesMixin
from indicators.store.commitments import CommitmentsMixin
from indicators.store.connection import Connection, TransactionAborted
from indicators.store.consultation import ConsultationMixin
from indicators.store.participants import ParticipantsMixin
from indicators.store.peers import PeerContactsMixin
from indicators.store.places import PLACE_COLUMNS, PlacesMixin
from indicators.store.practices import PracticesMixin
from indicators.store.questions import QuestionsMixin
from indicators.store.results import ResultsMixin
from indicators.store.rounds import RoundsMixin
from indicators.store.schema import SCHEMA, SCHEMA_VERSION
from indicators.store.settings import SettingsMixin


class Store(
    PlacesMixin,
    BoundariesMixin,
    AccessCodesMixin,
    AccountsMixin,
    AuditMixin,
    AssessmentsMixin,
    ResultsMixin,
    ConsultationMixin,
    ParticipantsMixin,
    CertificatesMixin,
    PracticesMixin,
    PeerContactsMixin,
    SettingsMixin,
    QuestionsMixin,
    BundleLoadingMixin,
    RoundsMixin,
    CommitmentsMixin,
    Connection,
):
    """One database: `Store.open(path)` (a file, or ":memory:"), then the named methods of each concept."""


# Names that lived in the former indicators/store.py, kept importable from here.
__all__ = [
    "PLACE_COLUMNS",
    "SCHEMA",
    "SCHEMA_VERSION",
    "AccountTaken",
    "BundleReport",
    "Store",
    "TransactionAborted",
    "bundle_hashes",
    "read_bundled_boundaries",
    "read_countries",
]
