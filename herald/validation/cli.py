"""``herald validate PATH... [--format text|json]``: run the desk checks on story files."""

from __future__ import annotations

import argparse
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml

from herald.articles.datelines import with_dateline
from herald.core.untrusted_text import complexity_error, safe_yaml
from herald.validation import validate_story
from herald.validation.labels import check_label
from herald.validation.types import Report, Story

MAX_BYTES = 2 * 1024 * 1024
SUFFIXES = (".md", ".txt", ".html", ".htm")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_EMBED = re.compile(r"^[ \t]*\[\[(?:video|audio):[^\]\n]*\]\][ \t]*$", re.M | re.I)
_BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "div",
    "ul",
    "ol",
    "table",
    "tr",
    "hr",
    "br",
}
_HIDDEN_TAGS = {"script", "style", "title", "head"}


class InputError(Exception):
    """A story file Herald cannot read; the message is the one-line reason."""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="herald validate",
        description="Report what a careful desk editor would query in each story file "
        "(.md with front matter, .txt with the headline on the first line, or .html).",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="story files to check")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    args = parser.parse_args(argv)
    failed = False
    results = []
    for path in args.paths:
        try:
            story = read_story(Path(path))
        except InputError as error:
            print(f"herald validate: {path}: {error}", file=sys.stderr)
            failed = True
            continue
        report = validate_story(story)
        if args.format == "json":
            results.append({"file": path, **report.to_dict()})
        else:
            sys.stdout.write(format_text(path, report))
    if args.format == "json":
        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 1 if failed else 0


def read_story(path: Path) -> Story:
    """Read a .md, .txt or .html story file, or raise InputError with the reason."""
    suffix = path.suffix.lower()
    try:
        if not path.exists():
            raise InputError("no such file")
        if not path.is_file():
            raise InputError("not a regular file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"file too large ({size} bytes; the limit is 2 MB)")
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read file ({error.strerror or error})") from error
    if suffix not in SUFFIXES:
        raise InputError("unsupported file type (expected .md, .txt or .html)")
    if b"\x00" in raw:
        raise InputError("binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError("binary file, not UTF-8 text") from error
    if not text.strip():
        raise InputError("empty file")
    if suffix == ".md":
        story = _story_from_markdown(text)
    elif suffix == ".txt":
        story = _story_from_text(text)
    else:
        story = _story_from_html(text)
    if not (story.headline.strip() or story.body.strip()):
        raise InputError("empty file")
    return story


def _story_from_markdown(text: str) -> Story:
    meta: dict = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            meta = safe_yaml(match.group(1)) or {}
        except yaml.YAMLError as error:
            raise InputError(f"invalid front matter ({_first_line(str(error))})") from error
        if not isinstance(meta, dict):
            raise InputError("invalid front matter (expected key: value lines)")
        text = text[match.end() :]
    # Embeds ("[[video: URL | Caption]]") are not story text.
    text = _EMBED.sub("", text)
    if problem := complexity_error(text):
        raise InputError(problem)
    body = markdown_to_text(text)
    # As the story will read: the dateline field opening the body once.
    body = with_dateline(body, str(meta.get("dateline") or ""))
    return Story(
        headline=str(meta.get("title") or "").strip(),
        standfirst=str(meta.get("dek") or "").strip(),
        body=body,
        kind=str(meta.get("kind") or "news").strip(),
    )


def _story_from_text(text: str) -> Story:
    lines = text.strip("\n").split("\n", 1)
    body = lines[1] if len(lines) > 1 else ""
    return Story(headline=lines[0].strip(), body=_normalise(body))


def _story_from_html(text: str) -> Story:
    import trafilatura

    headline = _html_headline(text)
    extracted = trafilatura.extract(text, include_comments=False, include_tables=False) or ""
    paragraphs = [line.strip() for line in extracted.split("\n") if line.strip()]
    if not paragraphs:
        # trafilatura finds no article in a fragment of a paragraph or two (a story's
        # body pasted from the editor): read its text as it stands, not as "empty file".
        extractor = _TextExtractor()
        extractor.feed(text)
        paragraphs = _normalise(extractor.text()).split("\n\n")
    if paragraphs and paragraphs[0] == headline:
        paragraphs = paragraphs[1:]
    return Story(headline=headline, body="\n\n".join(paragraphs))


def _html_headline(text: str) -> str:
    for tag in ("h1", "title"):
        match = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", text, re.S | re.I)
        if match:
            extractor = _TextExtractor()
            extractor.feed(match.group(1))
            headline = " ".join(extractor.text().split())
            if headline:
                return headline
    return ""


class _TextExtractor(HTMLParser):
    """Plain text from HTML, one paragraph per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0  # inside <script>, <style> or <title>: not story text

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag in _HIDDEN_TAGS:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag in _HIDDEN_TAGS:
            self.hidden = max(self.hidden - 1, 0)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)

    def text(self) -> str:
        return "".join(self.parts)


def markdown_to_text(source: str) -> str:
    """Markdown to plain text, paragraphs separated by blank lines."""
    extractor = _TextExtractor()
    extractor.feed(markdown.markdown(source))
    return _normalise(extractor.text())


def _normalise(text: str) -> str:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "unreadable YAML"


def format_text(path: str, report: Report) -> str:
    lines = [path]
    if not report.findings:
        lines.append("  no findings")
    for f in report.findings:
        lines.append(
            f"  {f.severity:<7}  {check_label(f.check)}: “{f.evidence}” ({f.field} {f.start}-{f.end})"
        )
        lines.append(f"           {f.message}")
        if f.reason:
            lines.append(f"           Why: {f.reason}")
    if report.sources:
        lines.append("  sources:")
        for s in report.sources:
            lines.append(f"    {s.kind:<11}  {s.name} ({s.field} {s.start}-{s.end})")
    else:
        lines.append("  sources: none named")
    return "\n".join(lines) + "\n\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
