"""Bounds on Markdown and YAML from files before a parser sees them.

YAML anchors and aliases let a few lines expand to billions of nodes (the "billion
laughs"): front matter never needs them, so a document that uses one is refused
before it is composed. Python-Markdown's link and image patterns are quadratic in the number of ``[`` in a
paragraph: 0.4 MB of ``[a](`` ran for minutes. Real stories have a few links per
paragraph; text with more is refused with a clear reason (the importer and
``herald validate`` report it per file).
"""

from __future__ import annotations

import yaml

MAX_BRACKETS_PER_PARAGRAPH = 100
MAX_BRACKETS = 1000


def complexity_error(text: str) -> str | None:
    """Why ``text`` is too complex to parse safely, or None."""
    total = text.count("[")
    if total > MAX_BRACKETS:
        return (f"the text has {total:,} '[' characters (links and images); "
                f"at most {MAX_BRACKETS:,} are accepted")
    for number, paragraph in enumerate(text.split("\n\n"), 1):
        count = paragraph.count("[")
        if count > MAX_BRACKETS_PER_PARAGRAPH:
            return (f"paragraph {number} has {count:,} '[' characters (links and images); "
                    f"at most {MAX_BRACKETS_PER_PARAGRAPH} per paragraph are accepted")
    return None


class AliasesRefused(yaml.YAMLError):
    """The YAML uses an anchor or alias (``&name`` / ``*name``)."""


def safe_yaml(text: str):
    """``yaml.safe_load`` for front matter, refusing anchors and aliases (scanned first,
    in linear time, so an expansion bomb is never built)."""
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
            line = token.start_mark.line + 1
            raise AliasesRefused(f"YAML anchors and aliases (& and *) are not accepted (line {line})")
    return yaml.safe_load(text)
