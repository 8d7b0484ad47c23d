"""Contacts shared with peers: the office e-mail a respondent agreed, in the self-assessment, to show to
local governments with similar priorities. One per assessment, withdrawn by unticking the consent.

Personal data: read only by the peers section of a profile (its code holders, the organisers) and the
`peers` command; no export, summary or presenter screen reads this table. New queries go in
`PeerContactsMixin`.
"""

import datetime as dt


class PeerContactsMixin:
    def share_contact(self, assessment_id: str, place_id: str, email: str) -> None:
        """Keep (or change) the e-mail this assessment's respondent agreed to share."""
        with self.transaction(changes=("activity",)) as cur:
            cur.execute("DELETE FROM peer_contacts WHERE assessment_id = ?", [assessment_id])
            cur.execute(
                "INSERT INTO peer_contacts VALUES (?, ?, ?, ?)",
                [assessment_id, place_id, email, dt.datetime.now()],
            )

    def withdraw_contact(self, assessment_id: str) -> None:
        with self.transaction(changes=("activity",)) as cur:
            cur.execute("DELETE FROM peer_contacts WHERE assessment_id = ?", [assessment_id])

    def shared_contact(self, assessment_id: str) -> str | None:
        """The e-mail this assessment agreed to share, if any."""
        rows = self.query("SELECT email FROM peer_contacts WHERE assessment_id = ?", [assessment_id])
        return rows.iloc[0, 0] if len(rows) else None

    def peer_contacts(self, place_ids: list[str]) -> dict[str, list[str]]:
        """Each of these places' shared e-mails, newest agreement first, each address once."""
        rows = self.query(
            "SELECT place_id, email FROM peer_contacts WHERE list_contains(?, place_id)"
            " ORDER BY agreed_at DESC, email",
            [place_ids],
        )
        found: dict[str, list[str]] = {}
        for place_id, email in rows.itertuples(index=False):
            if email.casefold() not in {e.casefold() for e in found.get(place_id, [])}:
                found.setdefault(place_id, []).append(email)
        return found
