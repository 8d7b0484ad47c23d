"""Self-assessments in the database: drafts, submissions with their answer rows, the version history,
generated example assessments, and the submitted answers the presenter and exports aggregate.

The answer rows are built by indicators/assessment.py (`answer_rows`); this module only writes them.
New assessment queries go in `AssessmentsMixin`.
"""

import datetime as dt
import uuid

import pandas as pd

from indicators import access
from indicators.assessment import ANSWER_COLUMNS, Assessment, answer_rows
from indicators.questionnaire import Questionnaire
from indicators.store import answer_totals
from indicators.store.connection import retried_on_conflict


class AssessmentsMixin:
    def create_assessment(self, place_id: str, is_example: bool = False) -> tuple[str, str]:
        """A new draft in the open round; returns (assessment_id, resume_code). The resume code is
        shown once. It starts from the place's last answers of an earlier round, if any (rounds.py)."""
        assessment_id, resume_code = str(uuid.uuid4()), access.new_code()
        now = dt.datetime.now()
        draft, started_from = self.starting_draft(place_id, is_example)
        with self.transaction(changes=("activity",)) as cur:
            round_key = self.round_taking_answers(cur)
            cur.execute(
                "INSERT INTO assessments (assessment_id, place_id, resume_hash, state, draft, is_example,"
                " version, created_at, updated_at, round_key, started_from)"
                " VALUES (?, ?, ?, 'draft', ?, ?, 0, ?, ?, ?, ?)",
                [
                    assessment_id,
                    place_id,
                    access.hash_code(resume_code),
                    draft.to_json(),
                    is_example,
                    now,
                    now,
                    round_key,
                    started_from,
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

    @retried_on_conflict
    def save_draft(self, assessment_id: str, assessment: Assessment) -> None:
        """Keep what the respondent typed so far; drafts are overwritten, not versioned."""
        with self.transaction(changes=("activity",)) as cur:
            cur.execute(
                "UPDATE assessments SET draft = ?, updated_at = ? WHERE assessment_id = ?",
                [assessment.to_json(), dt.datetime.now(), assessment_id],
            )

    @retried_on_conflict
    def submit_assessment(
        self, assessment_id: str, assessment: Assessment, q: Questionnaire, author: str
    ) -> int:
        """Store a complete assessment as the current answers and append it to the history.

        The caller has checked it with `problems_for_submit`. Returns the new version number.
        """
        name, role = assessment.stored_identity()
        rows = answer_rows(assessment_id, assessment, q)
        now = dt.datetime.now()
        payload = assessment.to_json()
        # One INSERT for all answer rows: through PostgreSQL each statement is a round trip.
        values = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?)"] * len(rows))
        with self.transaction(changes=("answers",)) as cur:
            self.refuse_if_round_closed(cur, assessment_id)
            # No RETURNING: DuckDB's postgres extension does not support it on UPDATE. The row stays
            # locked by this transaction until the commit, so the version read back is ours.
            cur.execute(
                "UPDATE assessments SET state = 'submitted', draft = ?, respondent_name = ?,"
                " respondent_role = ?, anonymous = ?, version = version + 1, updated_at = ?,"
                " submitted_at = ? WHERE assessment_id = ?",
                [payload, name, role, assessment.anonymous, now, now, assessment_id],
            )
            version, place_id, is_example = cur.execute(
                "SELECT version, place_id, is_example FROM assessments WHERE assessment_id = ?",
                [assessment_id],
            ).fetchone()
            # A new version replaces the answers of the last one (version 1 is the first: it has none).
            removed = answer_totals.answers_of(cur, assessment_id) if version > 1 else []
            cur.execute("DELETE FROM answers WHERE assessment_id = ?", [assessment_id])
            if rows:
                cur.execute(f"INSERT INTO answers VALUES {values}", [v for row in rows for v in row])
            added = [(assessment_id, place_id, is_example, *row[1:5]) for row in rows]
            answer_totals.add(cur, self._writer, removed, added)
            cur.execute(
                "INSERT INTO assessment_history VALUES (?, ?, ?, ?, ?)",
                [assessment_id, version, now, author, payload],
            )
            self.sync_commitments(cur, [assessment_id], author, now)
        return version

    def assessment_counts(self) -> dict[str, int]:
        row = self.query(
            "SELECT count(*) FILTER (state = 'submitted') AS submitted,"
            " count(*) FILTER (state = 'submitted' AND is_example) AS examples,"
            " count(*) FILTER (state = 'draft') AS drafts FROM assessments"
        ).iloc[0]
        return {k: int(v) for k, v in row.items()}

    def add_example_assessments(
        self,
        assessments: list[Assessment],
        q: Questionnaire,
        author: str,
        round_key: str | None = None,
        statuses: list[dict[str, str]] | None = None,
    ) -> list[str]:
        """Store generated example assessments as submitted, in one transaction.

        They get no resume code (nobody resumes generated data) and go in as whole tables, so
        thousands are written in seconds for demos and benchmarks. Every row is flagged `is_example`.
        They go in `round_key` (else the open round); their commitments (example commitments, flagged
        too) start at the status `statuses` gives each one's area, in the order of `assessments`.
        """
        now = dt.datetime.now()
        ids = [str(uuid.uuid4()) for _ in assessments]
        heads = pd.DataFrame(
            {
                "assessment_id": ids,
                "place_id": [a.place_id for a in assessments],
                "resume_hash": [f"example:{i}" for i in ids],
                "draft": [a.to_json() for a in assessments],
            }
        )
        answers = pd.DataFrame(
            [row for i, a in zip(ids, assessments, strict=True) for row in answer_rows(i, a, q)],
            columns=list(ANSWER_COLUMNS),
        ).astype({"top_rank": "Int64", "timeframe": "string"})
        with self.transaction(changes=("answers",)) as cur:
            cur.register("new_heads", heads)
            cur.register("new_answers", answers)
            cur.execute(
                "INSERT INTO assessments (assessment_id, place_id, resume_hash, state, draft, anonymous,"
                " is_example, version, created_at, updated_at, submitted_at, round_key)"
                " SELECT assessment_id, place_id, resume_hash, 'submitted', draft, true, true, 1, ?, ?, ?, ?"
                " FROM new_heads",
                [now, now, now, round_key or self.round_taking_answers(cur)],
            )
            cur.execute("INSERT INTO answers SELECT * FROM new_answers")
            place_of = dict(zip(heads["assessment_id"], heads["place_id"], strict=True))
            owners, keys, capacities, priorities, ranks = (answers[c].tolist() for c in ANSWER_COLUMNS[:5])
            places = [place_of[i] for i in owners]
            flags = [True] * len(owners)
            added = zip(owners, places, flags, keys, capacities, priorities, ranks, strict=True)
            answer_totals.add(cur, self._writer, (), added)
            cur.execute(
                "INSERT INTO assessment_history SELECT assessment_id, 1, ?, ?, draft FROM new_heads",
                [now, author],
            )
            status_of = dict(zip(ids, statuses, strict=True)) if statuses else {}
            self.sync_commitments(
                cur, ids, author, now, lambda i, area: status_of.get(i, {}).get(area, "planned")
            )
        return ids

    # --- submissions imported from KoboToolbox / ODK Central (indicators/submissions.py) ------------

    def imported_submissions(self, submission_ids: list[str]) -> pd.DataFrame:
        """What is known of these submissions: assessment_id, submitted_at, edits and answers digest."""
        return self.query(
            "SELECT submission_id, assessment_id, submitted_at, edits, digest FROM imported_submissions"
            " WHERE list_contains(?, submission_id)",
            [submission_ids],
        )

    def import_submissions(
        self, new: list, updated: list, q: Questionnaire, tool: str, file_name: str
    ) -> None:
        """Store checked submissions as submitted assessments, in one transaction.

        `new` and `updated` are (assessment_id, author, Submission) triples: a new one becomes an
        assessment at version 1; an updated one (edited in the tool) the next version of its
        assessment. Each gets a history entry by `author`, as a form submitted in the app does, and no
        resume code: it was never a draft in the app. Whole tables go in at once (5,000 in seconds).
        """
        now = dt.datetime.now()
        every = [*new, *updated]
        new_ids = {assessment_id for assessment_id, _, _ in new}
        heads = pd.DataFrame(
            [
                (
                    assessment_id,
                    assessment_id in new_ids,
                    s.assessment.place_id,
                    f"import:{s.submission_id}",
                    s.assessment.to_json(),
                    *s.assessment.stored_identity(),
                    s.assessment.anonymous,
                    s.submitted_at or now,
                    author,
                )
                for assessment_id, author, s in every
            ],
            columns=[
                "assessment_id",
                "is_new",
                "place_id",
                "resume_hash",
                "draft",
                "respondent_name",
                "respondent_role",
                "anonymous",
                "submitted_at",
                "author",
            ],
        )
        answers = pd.DataFrame(
            [row for assessment_id, _, s in every for row in answer_rows(assessment_id, s.assessment, q)],
            columns=list(ANSWER_COLUMNS),
        ).astype({"top_rank": "Int64", "timeframe": "string"})
        known = pd.DataFrame(
            [
                (s.submission_id, assessment_id, assessment_id in new_ids, s.submitted_at, s.edits, s.digest)
                for assessment_id, _, s in every
            ],
            columns=["submission_id", "assessment_id", "is_new", "submitted_at", "edits", "digest"],
        ).astype({"submitted_at": "datetime64[us]"})
        with self.transaction(changes=("answers",)) as cur:  # submitted assessments only
            cur.register("import_heads", heads)
            cur.register("import_answers", answers)
            cur.register("import_known", known)
            cur.execute(
                "INSERT INTO assessments (assessment_id, place_id, resume_hash, state, draft,"
                " respondent_name, respondent_role, anonymous, is_example, version, created_at,"
                " updated_at, submitted_at, round_key)"
                " SELECT assessment_id, place_id, resume_hash, 'submitted', draft, respondent_name,"
                " respondent_role, anonymous, false, 1, ?, ?, submitted_at, ? FROM import_heads WHERE is_new",
                [now, now, self.round_for_imports(cur)],
            )
            cur.execute(
                "UPDATE assessments SET state = 'submitted', draft = h.draft,"
                " respondent_name = h.respondent_name, respondent_role = h.respondent_role,"
                " anonymous = h.anonymous, version = assessments.version + 1, updated_at = ?,"
                " submitted_at = h.submitted_at"
                " FROM import_heads h WHERE assessments.assessment_id = h.assessment_id AND NOT h.is_new",
                [now],
            )
            changed = " AND a.assessment_id IN (SELECT assessment_id FROM import_heads WHERE NOT is_new)"
            removed = cur.execute(answer_totals.ROWS + changed).fetchall()
            cur.execute(
                "DELETE FROM answers WHERE assessment_id IN (SELECT assessment_id FROM import_heads"
                " WHERE NOT is_new)"
            )
            cur.execute("INSERT INTO answers SELECT * FROM import_answers")
            # Counted under the place and flag the assessments have in the database (as they are read).
            added = cur.execute(
                "SELECT a.assessment_id, s.place_id, s.is_example, a.area_key, a.capacity, a.priority,"
                " a.top_rank FROM import_answers a JOIN assessments s USING (assessment_id)"
            ).fetchall()
            answer_totals.add(cur, self._writer, removed, added)
            cur.execute(
                "INSERT INTO assessment_history SELECT a.assessment_id, a.version, ?, h.author, a.draft"
                " FROM assessments a JOIN import_heads h USING (assessment_id)",
                [now],
            )
            cur.execute(
                "UPDATE imported_submissions SET submitted_at = k.submitted_at, edits = k.edits,"
                " digest = k.digest, file_name = ?, imported_at = ? FROM import_known k"
                " WHERE imported_submissions.submission_id = k.submission_id AND NOT k.is_new",
                [file_name, now],
            )
            cur.execute(
                "INSERT INTO imported_submissions SELECT submission_id, assessment_id, ?, submitted_at,"
                " edits, digest, ?, ? FROM import_known WHERE is_new",
                [tool, file_name, now],
            )
            for name in ("import_heads", "import_answers", "import_known"):
                cur.unregister(name)
            self.sync_commitments(
                cur,
                heads["assessment_id"].tolist(),
                dict(zip(heads["assessment_id"], heads["author"], strict=True)),
                now,
            )

    def history(self, assessment_id: str) -> pd.DataFrame:
        return self.query(
            "SELECT version, saved_at, author FROM assessment_history WHERE assessment_id = ?"
            " ORDER BY version",
            [assessment_id],
        )

    def last_submission(self, assessment_id: str) -> dict | None:
        """The version submitted last (version, saved_at, payload), or None if it never was: what a
        draft that goes on changing is compared with."""
        rows = self.query(
            "SELECT version, saved_at, payload FROM assessment_history WHERE assessment_id = ?"
            " ORDER BY version DESC LIMIT 1",
            [assessment_id],
        )
        return rows.iloc[0].to_dict() if len(rows) else None

    def submitted_answers(
        self, place_id: str | None = None, country: str | None = None, round_key: str | None = None
    ) -> pd.DataFrame:
        """Current answers of submitted assessments (of one round, with `round_key`), with place, country
        and the example flag: the rows a round's summaries are computed from (the live summaries read the
        kept sums instead, indicators/aggregates.py)."""
        return self.query(
            """
            SELECT a.assessment_id, a.area_key, a.capacity, a.priority, a.top_rank, a.action, a.office,
                   a.timeframe, s.place_id, p.country, s.is_example
            FROM answers a
            JOIN assessments s USING (assessment_id)
            JOIN places p USING (place_id)
            WHERE s.state = 'submitted' AND (? IS NULL OR s.round_key = ?)
              AND (? IS NULL OR s.place_id = ?) AND (? IS NULL OR p.country = ?)
            """,
            [round_key, round_key, place_id, place_id, country, country],
        )
