"""`herald validate` through its entry point: every input kind and every bad input."""

import json
from pathlib import Path

import pytest

from herald.validation.cli import MAX_BYTES, main

MD = """---
title: Kazakhstan bows to US pressure
dek: Astana changes course
dateline: ASTANA
kind: news
---
The two leaders **agreed** on a [plan](https://example.org) after a call.

According to TASS, officials said it would open in 2030.
"""
TXT = "Talks end in Rome\nROME — The talks ended on Monday, Foreign Minister Anna Berg said.\n"
HTML = (
    "<html><head><title>Talks end in Rome | Herald</title></head><body><nav>Home</nav>"
    "<article><h1>Talks end in Rome</h1><p>ROME — The talks ended on Monday after three "
    "days, Foreign Minister Anna Berg said at a news conference in the city.</p><p>The next "
    "round will take place in Vienna in March, according to TASS.</p></article>"
    "<footer>Copyright</footer></body></html>"
)


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def run_json(capsys, *paths):
    code = main([*paths, "--format", "json"])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_markdown_story_uses_front_matter_and_strips_markdown(tmp_path, capsys):
    path = write(tmp_path, "story.md", MD)
    code, data, err = run_json(capsys, path)
    assert (code, err) == (0, "")
    (result,) = data
    assert result["file"] == path
    assert [(f["check"], f["field"], f["evidence"]) for f in result["findings"]] == [
        ("headline_unsupported", "headline", "bows to US pressure"),
        ("state_media", "body", "According to TASS"),
        ("anonymous_source", "body", "officials said"),
    ]
    # The dateline field is prepended and the Markdown is gone.
    assert (
        "“ASTANA — The two leaders agreed on a plan after a call.”"
        in (result["findings"][0]["message"])
    )
    assert result["sources"] == [
        {"kind": "state_media", "name": "TASS", "field": "body", "start": 70, "end": 74},
        {"kind": "anonymous", "name": "officials", "field": "body", "start": 76, "end": 85},
    ]


def test_text_story_prints_findings_then_sources(tmp_path, capsys):
    path = write(tmp_path, "story.txt", TXT)
    assert main([path]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == (
        f"{path}\n"
        "  no findings\n"
        "  sources:\n"
        "    person       Foreign Minister Anna Berg (body 34-60)\n\n"
    )


def test_text_format_quotes_evidence_with_check_and_severity(tmp_path, capsys):
    path = write(tmp_path, "story.txt", "Talks end\nThe talks ended, according to TASS.\n")
    assert main([path]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[:5] == [
        path,
        "  warning  Dateline missing or mistyped: “The talks ended, according to TASS.” (body 0-35)",
        "           News story has no dateline: open the body with “PLACE —”.",
        "  warning  State-affiliated media: “according to TASS” (body 17-34)",
        "           Claim attributed to TASS, state-controlled media in Russia. "
        "Corroborate it independently or tell readers who controls the outlet.",
    ]


def test_html_story_extracts_main_text_and_headline(tmp_path, capsys):
    path = write(tmp_path, "story.html", HTML)
    code, data, err = run_json(capsys, path)
    assert (code, err) == (0, "")
    assert [(f["check"], f["evidence"]) for f in data[0]["findings"]] == [
        ("state_media", "according to TASS")
    ]
    assert [s["name"] for s in data[0]["sources"]] == ["Foreign Minister Anna Berg", "TASS"]


def test_html_fragment_is_read_not_called_empty(tmp_path, capsys):
    """A paragraph or two of HTML, as pasted from an editor: too short for trafilatura to
    call it an article, it was reported as "empty file"."""
    path = write(tmp_path, "fragment.html",
                 "<p>BERLIN — Critics said the plan would fail, officials said.</p>")
    code, data, err = run_json(capsys, path)
    assert (code, err) == (0, "")
    assert [(f["check"], f["evidence"]) for f in data[0]["findings"]] == [
        ("anonymous_source", "officials said")
    ]


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", "", "empty file"),
        ("blank.md", "\n  \n", "empty file"),
        ("binary.txt", b"abc\x00def", "binary file, not text"),
        ("latin1.txt", "Caf\xe9 news".encode("latin-1"), "binary file, not UTF-8 text"),
        ("story.pdf", "Headline\nBody", "unsupported file type (expected .md, .txt or .html)"),
        ("bad.md", "---\ntitle: [unclosed\n---\nBody\n", None),
    ],
)
def test_bad_input_gets_one_line_error_and_exit_1(tmp_path, capsys, name, content, reason):
    path = write(tmp_path, name, content)
    assert main([path]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    if reason is None:
        assert err.startswith(f"herald validate: {path}: invalid front matter (")
        assert err.count("\n") == 1
    else:
        assert err == f"herald validate: {path}: {reason}\n"


def test_missing_file(tmp_path, capsys):
    path = str(tmp_path / "nope.md")
    assert main([path]) == 1
    assert capsys.readouterr().err == f"herald validate: {path}: no such file\n"


def test_directory_is_not_a_story(tmp_path, capsys):
    assert main([str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"herald validate: {tmp_path}: not a regular file\n"


def test_over_large_file(tmp_path, capsys):
    path = write(tmp_path, "big.txt", "Headline\n" + "x" * MAX_BYTES)
    assert main([path]) == 1
    size = MAX_BYTES + len("Headline\n")
    assert capsys.readouterr().err == (
        f"herald validate: {path}: file too large ({size} bytes; the limit is 2 MB)\n"
    )


def test_unreadable_file(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, "secret.txt", TXT)
    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(self)

    # Root can read a chmod 000 file, so simulate the refusal the OS gives others.
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert main([path]) == 1
    assert capsys.readouterr().err == (
        f"herald validate: {path}: cannot read file (Permission denied)\n"
    )


def test_other_files_are_still_checked_when_one_fails(tmp_path, capsys):
    good = write(tmp_path, "story.txt", TXT)
    missing = str(tmp_path / "missing.txt")
    code, data, err = run_json(capsys, missing, good)
    assert code == 1
    assert err == f"herald validate: {missing}: no such file\n"
    assert [r["file"] for r in data] == [good]


def test_help_describes_the_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: herald validate [-h] [--format {text,json}] PATH [PATH ...]")


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "the following arguments are required: PATH" in capsys.readouterr().err


def test_text_format_says_why_each_finding_was_raised(tmp_path, capsys):
    path = write(tmp_path, "story.txt", "Talks end\nROME — The talks ended, according to TASS.\n")
    assert main([path]) == 0
    out, _ = capsys.readouterr()
    assert (
        "           Why: Rule: “TASS” is cited (not just mentioned) and the State Media "
        "Matrix lists TASS as state-controlled media in Russia."
    ) in out.splitlines()
