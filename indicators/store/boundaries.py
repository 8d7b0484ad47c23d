"""Boundary layers in the database: polygons, their sources and licences, which place takes which
polygon, and the atomic replacement of an imported layer. New boundary queries go in `BoundariesMixin`.
"""

import datetime as dt

import pandas as pd


class BoundariesMixin:
    def boundary_layer(self, layer: str) -> pd.DataFrame:
        return self.query("SELECT code, name, geom FROM boundaries WHERE layer = ? ORDER BY code", [layer])

    def boundary_shapes(self, layer: str) -> pd.DataFrame:
        """The layer's features as the map draws them: code, name, shape (GeoJSON text)."""
        return self.query(
            "SELECT b.code, b.name, s.shape FROM boundaries b"
            " JOIN boundary_shapes s ON s.layer = b.layer AND s.code = b.code"
            " WHERE b.layer = ? ORDER BY b.code",
            [layer],
        )

    def layers_without_shapes(self) -> list[str]:
        """Layers stored before their map shapes were (databases made before schema 4)."""
        return list(
            self.query(
                "SELECT DISTINCT layer FROM boundaries b WHERE NOT EXISTS (SELECT 1 FROM boundary_shapes s"
                " WHERE s.layer = b.layer AND s.code = b.code) ORDER BY layer"
            )["layer"]
        )

    def store_boundary_shapes(self, layer: str, shapes: pd.DataFrame) -> None:
        """Replace a layer's map shapes (code, shape)."""
        with self.transaction(changes=("catalogue",)) as cur:
            cur.execute("DELETE FROM boundary_shapes WHERE layer = ?", [layer])
            cur.executemany(
                "INSERT INTO boundary_shapes VALUES (?, ?, ?)",
                [[layer, code, shape] for code, shape in zip(shapes["code"], shapes["shape"], strict=True)],
            )

    def place_polygons(self) -> pd.DataFrame:
        """Each place's polygon: from an imported layer where its import matched it (by code or name);
        else from a layer of its country and level holding its official code (leading zeros aside),
        imported before bundled, so a place registered or catalogued after an import gets its polygon."""
        return self.query(
            """
            WITH matched AS (
                SELECT place_id, layer, code, 0 AS preference FROM place_boundaries
                UNION ALL
                SELECT p.place_id, b.layer, b.code, CASE s.origin WHEN 'imported' THEN 1 ELSE 2 END
                FROM places p
                JOIN boundary_sources s ON s.country = p.country AND s.admin_level = p.admin_level
                JOIN boundaries b ON b.layer = s.layer AND (
                    b.code = p.official_code
                    OR (regexp_full_match(b.code, '[0-9]{1,18}')
                        AND regexp_full_match(p.official_code, '[0-9]{1,18}')
                        AND TRY_CAST(b.code AS BIGINT) = TRY_CAST(p.official_code AS BIGINT)))
                WHERE p.official_code IS NOT NULL AND p.official_code <> ''
            )
            SELECT m.place_id, b.geom, s.shape, m.layer
            FROM matched m JOIN boundaries b ON b.layer = m.layer AND b.code = m.code
            LEFT JOIN boundary_shapes s ON s.layer = b.layer AND s.code = b.code
            QUALIFY row_number() OVER (PARTITION BY m.place_id ORDER BY m.preference, m.code) = 1
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
        view: tuple[str, int] | None = None,
    ) -> None:
        """Put an imported layer in place of the previous one of the same country and level, atomically.

        `rows` are (code, name, geom, shape: see geo.map_shapes); `source` holds title, licence, url and
        attribution; `matches` (place_id, code, how) says which catalogue place takes which polygon;
        `view` is the layer simplified for the map as context (GeoJSON text, vertices; see
        geo.context_view). Until the commit, the map keeps the previous layer.
        """
        with self.transaction(changes=("catalogue",)) as cur:
            cur.execute("DELETE FROM boundary_views WHERE layer = ?", [layer])
            if view is not None:
                cur.execute("INSERT INTO boundary_views VALUES (?, ?, ?)", [layer, *view])
            cur.execute("DELETE FROM boundaries WHERE layer = ?", [layer])
            cur.execute("DELETE FROM boundary_shapes WHERE layer = ?", [layer])
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
            cur.register(
                "new_boundaries", rows.assign(layer=layer)[["layer", "code", "name", "geom", "shape"]]
            )
            cur.execute("INSERT INTO boundaries SELECT layer, code, name, geom FROM new_boundaries")
            cur.execute("INSERT INTO boundary_shapes SELECT layer, code, shape FROM new_boundaries")
            cur.unregister("new_boundaries")
            if not matches.empty:
                cur.register("new_matches", matches.assign(layer=layer)[["place_id", "layer", "code", "how"]])
                cur.execute("INSERT INTO place_boundaries SELECT place_id, layer, code, how FROM new_matches")
                cur.unregister("new_matches")

    def boundary_view(self, layer: str) -> str | None:
        """The layer as the map draws it (GeoJSON text, simplified once at import), if stored."""
        rows = self.query("SELECT geojson FROM boundary_views WHERE layer = ?", [layer])
        return rows.iloc[0, 0] if len(rows) else None

    def layers_without_view(self) -> list[str]:
        """Imported layers stored before their map view was (databases made before schema 2)."""
        return list(
            self.query(
                "SELECT layer FROM boundary_sources WHERE origin = 'imported'"
                " AND layer NOT IN (SELECT layer FROM boundary_views) ORDER BY layer"
            )["layer"]
        )

    def store_boundary_view(self, layer: str, view: tuple[str, int]) -> None:
        with self.transaction(changes=("catalogue",)) as cur:
            cur.execute("INSERT OR REPLACE INTO boundary_views VALUES (?, ?, ?)", [layer, *view])

    def imported_layers(self) -> pd.DataFrame:
        return self.query(
            "SELECT s.layer, s.country, s.admin_level, s.title, s.licence, s.file_name, s.imported_at,"
            " count(b.code) AS features FROM boundary_sources s LEFT JOIN boundaries b USING (layer)"
            " WHERE s.origin = 'imported' GROUP BY ALL ORDER BY s.layer"
        )

    def boundary_sources(self) -> pd.DataFrame:
        return self.query("SELECT * FROM boundary_sources ORDER BY admin_level, layer")
