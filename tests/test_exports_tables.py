"""The table every summary format shares: columns declared once, names resolved."""

from indicators.exports import COLUMNS
from indicators.i18n import load_catalogue, missing_translations


def test_every_column_has_a_header_and_a_description_in_both_languages():
    catalogue = load_catalogue()
    keys = [f"export.{kind}_{c.key}" for c in COLUMNS for kind in ("col", "about")]
    assert [k for k in keys if k not in catalogue] == []
    assert missing_translations({k: catalogue[k] for k in catalogue if k.startswith("export")}) == []
