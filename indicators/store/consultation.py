"""The seminar consultation in the database: participants known only by a hashed personal code, one
current response per participant and phase, every saved version, and what is being typed (a draft
per participant and phase, kept until it is saved, so a reload loses nothing). New queries go in
`ConsultationMixin`.
"""

import datetime as dt
import json
import uuid

import pandas as pd

from indicators import access


class ConsultationMixin:
    def create_participant(self) -> tuple[str, str]:
        """A participant known only by a personal code (returned once, stored hashed)."""
        participant_id, code = str(uuid.uuid4()), access.new_code()
        with self.transaction(changes=("activity",)) as cur:
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

    def consultation_draft(self, participant_id: str, phase: str) -> dict | None:
        """What was typed for this phase and not saved yet, if anything."""
        rows = self.query(
            "SELECT answers FROM consultation_drafts WHERE participant_id = ? AND phase = ?",
            [participant_id, phase],
        )
        return json.loads(rows.iloc[0, 0]) if len(rows) else None

    def save_consultation_draft(self, participant_id: str, phase: str, answers: dict) -> None:
        """Keep what is being typed; drafts are overwritten, never counted in any result."""
        payload = json.dumps(answers, ensure_ascii=False, sort_keys=True)
        with self.transaction(changes=("activity",)) as cur:
            cur.execute(
                "INSERT OR REPLACE INTO consultation_drafts VALUES (?, ?, ?, ?)",
                [participant_id, phase, payload, dt.datetime.now()],
            )

    def save_consultation(self, participant_id: str, phase: str, answers: dict) -> int:
        """One response per participant and phase: a second one edits it; every version is kept.
        The phase's draft goes: what was typed is now the response."""
        payload = json.dumps(answers, ensure_ascii=False, sort_keys=True)
        now = dt.datetime.now()
        with self.transaction(changes=("activity",)) as cur:
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
            cur.execute(
                "DELETE FROM consultation_drafts WHERE participant_id = ? AND phase = ?",
                [participant_id, phase],
            )
        return version

    def consultation_responses(self) -> pd.DataFrame:
        """Every current response: participant_id, phase, answers (a dict per row)."""
        frame = self.query(
            "SELECT participant_id, phase, answers FROM consultation_responses ORDER BY updated_at"
        )
        frame["answers"] = [json.loads(a) for a in frame["answers"]]
        return frame
