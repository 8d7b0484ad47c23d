"""Settings kept in the database (the `meta` table: key → text), shared by every session of the app,
e.g. the consultation's open phase. New settings helpers go in `SettingsMixin`.
"""


class SettingsMixin:
    def setting(self, key: str, default: str = "") -> str:
        rows = self.query("SELECT value FROM meta WHERE key = ?", [key])
        return rows.iloc[0, 0] if len(rows) else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction(changes=("activity",)) as cur:
            cur.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])
