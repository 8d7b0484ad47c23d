"""Commitments in the database: made and updated from submitted answers (in the submission's own
transaction), changed by code holders, organisers and the command line, and every change kept.

`commitment_changes` is append-only: each row is the commitment as it stood after one change, who
made it and which fields changed, so `commitments show` can say when, who and what. The rules
(what a submission commits to, statuses, due dates, evidence links) are indicators/commitments.py.
"""

import datetime as dt
import uuid
from collections.abc import Callable

import pandas as pd

from indicators import commitments as rules
from indicators.commitments import CommitmentRefused

# The columns a commitment is read with (commitments joined with places for the country).
COLUMNS = (
    "c.commitment_id, c.assessment_id, c.place_id, p.country, c.round_key, c.area_key, c.action, c.office,"
    " c.timeframe, c.due_date, c.status, c.note, c.evidence_url, c.withdrawn, c.is_example, c.created_at,"
    " c.updated_at"
)
TEXTS = ("office", "timeframe", "note", "evidence_url", "round_key")
# A commitment's state as a change row records it (commitment_changes after its first three columns).
STATE = ("action", "office", "due_date", "status", "note", "evidence_url", "withdrawn")


class CommitmentsMixin:
    def commitments(
        self,
        place_id: str | None = None,
        country: str | None = None,
        round_key: str | None = None,
        withdrawn: bool = True,
    ) -> pd.DataFrame:
        """Commitments narrowed to a place, a country and a round (withdrawn ones unless told not to),
        by place, round and area. A missing text (office, timeframe, note, link) is None."""
        found = self.query(
            f"SELECT {COLUMNS} FROM commitments c JOIN places p USING (place_id)"
            " WHERE (? IS NULL OR c.place_id = ?) AND (? IS NULL OR p.country = ?)"
            " AND (? IS NULL OR c.round_key = ?) AND (? OR NOT c.withdrawn)"
            " ORDER BY p.country, c.place_id, c.created_at, c.area_key",
            [place_id, place_id, country, country, round_key, round_key, withdrawn],
        )
        for column in TEXTS:  # through pandas a NULL text can come back as NaN, a trap for every reader
            found[column] = found[column].astype(object).where(found[column].notna(), None)
        return found

    def commitment(self, commitment_id: str) -> dict | None:
        rows = self.query(
            f"SELECT {COLUMNS} FROM commitments c JOIN places p USING (place_id) WHERE c.commitment_id = ?",
            [commitment_id],
        )
        return rows.iloc[0].to_dict() if len(rows) else None

    def commitment_changes(self, commitment_id: str) -> pd.DataFrame:
        """Every change of one commitment, oldest first: when, who, which fields, and the state after."""
        return self.query(
            f"SELECT changed_at, author, fields, {', '.join(STATE)} FROM commitment_changes"
            " WHERE commitment_id = ? ORDER BY changed_at, fields",
            [commitment_id],
        )

    def update_commitment(
        self,
        commitment_id: str,
        author: str,
        status: str | None = None,
        note: str | None = None,
        evidence_url: str | None = None,
    ) -> list[str]:
        """Change a commitment's status, note or evidence link (None: left as it is; "" clears a note
        or a link); returns the fields that changed. Raises CommitmentRefused, writing nothing, for
        an unknown commitment or status, a note too long or a link that is not http(s)."""
        problems = rules.update_problems(status, note, evidence_url)
        if problems:
            raise CommitmentRefused(problems)
        with self.transaction(changes=("followup",)) as cur:
            cur.execute(
                f"SELECT {', '.join(STATE)} FROM commitments WHERE commitment_id = ?", [commitment_id]
            )
            found = cur.fetchone()
            if found is None:
                raise CommitmentRefused(["unknown"], id=commitment_id)
            before = dict(zip(STATE, found, strict=True))
            after = dict(before)
            if status is not None:
                after["status"] = status
            for field, value in (("note", note), ("evidence_url", evidence_url)):
                if value is not None:
                    after[field] = value.strip() or None  # an empty text clears it
            fields = rules.changed_fields(before, after)
            if not fields:
                return []
            now = dt.datetime.now()
            cur.execute(
                "UPDATE commitments SET status = ?, note = ?, evidence_url = ?, updated_at = ?"
                " WHERE commitment_id = ?",
                [after["status"], after["note"], after["evidence_url"], now, commitment_id],
            )
            _record(cur, [(commitment_id, now, author, ",".join(fields), *(after[f] for f in STATE))])
        return fields

    def overdue_commitments(self, today: dt.date, country: str | None = None) -> pd.DataFrame:
        """Commitments past their due date and still open, by country and place."""
        frame = self.commitments(country=country, withdrawn=False)
        return frame[rules.is_overdue(frame, today)].reset_index(drop=True)

    def sync_commitments(
        self,
        cur,
        assessment_ids: list[str],
        author: str | dict[str, str],
        now: dt.datetime,
        status_of: Callable[[str, str], str] | None = None,
    ) -> None:
        """Inside a write of answers: the commitments of these assessments follow their current answers.

        A top-3 area with an action is a commitment (a new one is `planned`, or `status_of(assessment,
        area)` for generated examples); an existing one takes the new action, office and timeframe
        (its due date moves only when the timeframe changed, counted from this submission) and keeps
        its status, note and evidence; one no longer wanted is withdrawn. Each change is recorded.
        """
        cur.register("sync_ids", pd.DataFrame({"assessment_id": assessment_ids}, dtype="string"))
        wanted = cur.execute(
            "SELECT a.assessment_id, a.area_key, trim(a.action) AS action, a.office, a.timeframe,"
            " s.place_id, s.round_key, s.is_example FROM answers a JOIN assessments s USING (assessment_id)"
            " WHERE a.assessment_id IN (SELECT assessment_id FROM sync_ids)"
            " AND a.top_rank IS NOT NULL AND trim(coalesce(a.action, '')) <> ''"
        ).df()
        known = cur.execute(
            f"SELECT commitment_id, assessment_id, area_key, timeframe, {', '.join(STATE)} FROM commitments"
            " WHERE assessment_id IN (SELECT assessment_id FROM sync_ids)"
        ).df()
        cur.unregister("sync_ids")
        known = {(r["assessment_id"], r["area_key"]): r for r in known.to_dict("records")}
        new_rows, updates, changes = [], [], []
        day = now.date()

        def who(assessment_id: str) -> str:
            return author if isinstance(author, str) else author[assessment_id]

        for row in wanted.to_dict("records"):
            row = {name: _clean(value) for name, value in row.items()}  # NULLs read back as NaN
            office = (_clean(row["office"]) or "").strip() or None
            key = (row["assessment_id"], row["area_key"])
            before = known.pop(key, None)
            if before is None:
                status = status_of(*key) if status_of else rules.FIRST_STATUS
                commitment_id = uuid.uuid4().hex[:10]
                due = rules.due_date(day, row["timeframe"])
                new_rows.append(
                    (
                        commitment_id,
                        *key,
                        row["place_id"],
                        row["round_key"],
                        row["action"],
                        office,
                        row["timeframe"],
                        due,
                        status,
                        bool(row["is_example"]),
                    )
                )
                state = dict(zip(STATE, (row["action"], office, due, status, None, None, False), strict=True))
                changes.append(
                    (
                        commitment_id,
                        now,
                        who(key[0]),
                        ",".join(rules.changed_fields(None, state)),
                        *state.values(),
                    )
                )
                continue
            after = {k: before[k] for k in STATE} | {
                "action": row["action"],
                "office": office,
                "withdrawn": False,
            }
            if _clean(before["timeframe"]) != _clean(row["timeframe"]):
                after["due_date"] = rules.due_date(day, row["timeframe"])
            fields = rules.changed_fields(before, after)
            if fields:
                updates.append(
                    (
                        before["commitment_id"],
                        after["action"],
                        office,
                        row["timeframe"],
                        after["due_date"],
                        False,
                    )
                )
                changes.append((before["commitment_id"], now, who(key[0]), ",".join(fields), *after.values()))
        for before in known.values():  # no longer a top-3 area with an action
            if not before["withdrawn"]:
                after = {k: before[k] for k in STATE} | {"withdrawn": True}
                updates.append(
                    (
                        before["commitment_id"],
                        before["action"],
                        before["office"],
                        before["timeframe"],
                        before["due_date"],
                        True,
                    )
                )
                changes.append(
                    (before["commitment_id"], now, who(before["assessment_id"]), "withdrawn", *after.values())
                )
        if changes:
            # Joining the answers' transaction: it then bumps the follow-up's revision too.
            with self.transaction(changes=("followup",)):
                _write(cur, new_rows, updates, changes, now)


def _clean(value):
    """A value read back through pandas, as a parameter (NaT and NaN become NULL)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _write(cur, new_rows: list, updates: list, changes: list, now: dt.datetime) -> None:
    """The sync's rows in a few statements (through PostgreSQL each statement is a round trip)."""
    if new_rows:
        frame = pd.DataFrame(
            new_rows,
            columns=[
                "commitment_id",
                "assessment_id",
                "area_key",
                "place_id",
                "round_key",
                "action",
                "office",
                "timeframe",
                "due_date",
                "status",
                "is_example",
            ],
        ).astype(
            {"due_date": "datetime64[s]", "office": "string", "timeframe": "string", "round_key": "string"}
        )
        cur.register("new_commitments", frame)
        cur.execute(
            "INSERT INTO commitments SELECT commitment_id, assessment_id, place_id, round_key, area_key,"
            " action, office, timeframe, CAST(due_date AS DATE), status, NULL, NULL, false, is_example, ?, ?"
            " FROM new_commitments",
            [now, now],
        )
        cur.unregister("new_commitments")
    for update in updates:
        commitment_id, action, office, timeframe, due, withdrawn = update
        cur.execute(
            "UPDATE commitments SET action = ?, office = ?, timeframe = ?, due_date = ?, withdrawn = ?,"
            " updated_at = ? WHERE commitment_id = ?",
            [action, _clean(office), _clean(timeframe), _clean(due), withdrawn, now, commitment_id],
        )
    _record(cur, changes)


def _record(cur, changes: list) -> None:
    if not changes:
        return
    frame = pd.DataFrame(
        [[_clean(v) for v in change] for change in changes],
        columns=["commitment_id", "changed_at", "author", "fields", *STATE],
    ).astype({"due_date": "datetime64[s]", "office": "string", "note": "string", "evidence_url": "string"})
    cur.register("new_changes", frame)
    cur.execute(
        "INSERT INTO commitment_changes SELECT commitment_id, changed_at, author, fields, action, office,"
        " CAST(due_date AS DATE), status, note, evidence_url, withdrawn FROM new_changes"
    )
    cur.unregister("new_changes")
