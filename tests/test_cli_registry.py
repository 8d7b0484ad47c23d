"""The command line is a registry: every command has a unique name, its own --help, and a line in the docs."""

import re

import pytest

from indicators.cli import COMMANDS, main
from indicators.config import PROJECT_DIR

NAMES = [command.name for command in COMMANDS]


def test_names_are_unique_and_listed_by_help(capsys):
    assert len(NAMES) == len(set(NAMES))
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    listed = capsys.readouterr().out
    for command in COMMANDS:
        assert command.name in listed and command.help in listed


@pytest.mark.parametrize("name", NAMES)
def test_every_command_has_its_own_help(name, capsys):
    with pytest.raises(SystemExit) as done:
        main([name, "--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: python -m indicators {name}")


def test_every_command_is_on_the_command_line_page():
    page = (PROJECT_DIR / "docs" / "command-line.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"python -m indicators ([a-z][a-z-]+)", page))
    assert set(NAMES) <= documented, set(NAMES) - documented


def test_an_unknown_command_is_refused_with_the_list(capsys):
    with pytest.raises(SystemExit) as done:
        main(["export-everything"])
    assert done.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
