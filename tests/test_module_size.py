"""Small modules (issue 22): no module of the app is over 500 lines, so each reads in one sitting and
says what it owns. A module that grows past it is split by concept, not trimmed to fit."""

import pytest

from indicators.config import PROJECT_DIR

LIMIT = 500
APP = sorted(
    [PROJECT_DIR / "app.py"]
    + [path for folder in ("indicators", "ui", "views") for path in (PROJECT_DIR / folder).rglob("*.py")]
)


@pytest.mark.parametrize("module", APP, ids=lambda p: p.relative_to(PROJECT_DIR).as_posix())
def test_no_module_of_the_app_is_over_500_lines(module):
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= LIMIT, f"{module.name} has {lines} lines"
