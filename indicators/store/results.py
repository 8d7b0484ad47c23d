"""Local IGM results in the database: imports of findings and indicator answers, place by place, with
the earlier imports kept as history. New results queries go in `ResultsMixin`.
"""

import datetime as dt
import hashlib
import uuid

import pandas as pd


class ResultsMixin:
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
        with self.transaction(changes=("results",)) as cur:
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
