"""`herald --help` and the README's list of commands name the same commands."""

from __future__ import annotations

import re
from pathlib import Path

from herald.cli.main import main

README = Path(__file__).resolve().parents[2] / "README.md"
# "herald related rebuild", "herald reindex", "herald subscribers export": the command and
# its subcommand, the words before the first argument or option.
COMMAND = re.compile(r"^\s*herald ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*)?)", re.M)


def commands(text: str) -> set[str]:
    return {m.group(1) for m in COMMAND.finditer(text)}


def test_help_and_readme_list_the_same_commands(capsys):
    assert main(["--help"]) == 0
    help_text = capsys.readouterr().out
    block = README.read_text().split("## The `herald` command", 1)[1].split("```", 2)[1]
    readme = commands(block)
    assert {"related rebuild", "reindex", "subscribers export", "reconcile-memberships"} <= readme
    assert commands(help_text) == readme
