"""Typographic quotes and dashes: only in text, never in code, addresses or attributes,
and nothing a reporter types can become markup."""

import html

import pytest

from herald.articles.typography import typeset, typeset_html

TEXT_CASES = [
    ('"Hello," she said.', "“Hello,” she said."),
    ("It's the reporters' desk", "It’s the reporters’ desk"),
    ("The '90s were 'different'", "The ’90s were ‘different’"),
    ("Wait -- there's more...", "Wait — there’s more…"),
    ('He said "no" & left', "He said “no” &amp; left"),
    ("A plain headline", "A plain headline"),
    ("Read https://example.org/a--b's-page \"now\"", "Read https://example.org/a--b's-page “now”"),
    ("Write to desk--news@example.org -- today", "Write to desk--news@example.org — today"),
    ("C:\\Users\\\"x\"", "C:\\Users\\”x”"),
]


@pytest.mark.parametrize(("typed", "shown"), TEXT_CASES)
def test_typeset_curls_quotes_and_dashes_in_plain_text(typed, shown):
    assert typeset(typed) == shown


HTML_CASES = [
    ('<p>He said "<em>fine</em>" and left.</p>', "<p>He said “<em>fine</em>” and left.</p>"),
    ('<p>"<a href="/x">Linked</a>," she said.</p>', '<p>“<a href="/x">Linked</a>,” she said.</p>'),
    ('<a href="https://x.org/a--b?q=\'1\'" title="it\'s &quot;here&quot;">it\'s</a>',
     '<a href="https://x.org/a--b?q=\'1\'" title="it\'s &quot;here&quot;">it’s</a>'),
    ('<p><code>x = "a" -- b</code> "c"</p>', '<p><code>x = "a" -- b</code> “c”</p>'),
    ("<pre>it's\n--flag</pre>", "<pre>it's\n--flag</pre>"),
    ('<script type="application/ld+json">{"a": "it\'s -- <b>"}</script>',
     '<script type="application/ld+json">{"a": "it\'s -- <b>"}</script>'),
    ("<p>&quot;Quoted&quot; &amp; it&#x27;s</p>", "<p>“Quoted” &amp; it’s</p>"),
    ("<p>a &lt;b&gt; &quot;c&quot;</p>", "<p>a &lt;b&gt; “c”</p>"),
    ("<!-- it's -- a comment --><p>'x'</p>", "<!-- it's -- a comment --><p>‘x’</p>"),
    ('<img alt="it\'s" src="/a--b.png"><br/>"done"', '<img alt="it\'s" src="/a--b.png"><br/>“done”'),
    ("<p>No quotes here.</p>", "<p>No quotes here.</p>"),
]


@pytest.mark.parametrize(("source", "shown"), HTML_CASES)
def test_typeset_html_changes_text_only(source, shown):
    assert typeset_html(source) == shown


HOSTILE = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</p><script>alert('--')</script><p>",
    "&lt;script&gt; \"&amp;\" '&#x27;'",
    "a\x00b\x01c \"d\"",
    '<a href="javascript:alert(1)">x</a>',
    "-->\"<!--",
    "\\\"\\'\\\\\\-\\.\\`",
]


@pytest.mark.parametrize("typed", HOSTILE)
def test_typeset_never_turns_typed_text_into_markup(typed):
    shown = typeset(typed)
    assert "<" not in shown and ">" not in shown
    # Undo the typography: what the reader sees is exactly what was typed.
    seen = html.unescape(shown)
    for curly, straight in {"“": '"', "”": '"', "‘": "'", "’": "'", "—": "--", "…": "..."}.items():
        seen = seen.replace(curly, straight)
    assert seen == typed.replace("\x00", "\ufffd").replace("\x01", "\ufffd")


def test_typeset_html_keeps_markup_of_hostile_fragments_as_it_was():
    source = '<p title="a>b" data-x=\'"--"\'>"quoted" -- <b>bold</b></p><textarea>"kept"</textarea>'
    assert typeset_html(source) == (
        '<p title="a>b" data-x=\'"--"\'>“quoted” — <b>bold</b></p><textarea>"kept"</textarea>'
    )


def test_typeset_of_safe_html_typesets_instead_of_escaping_again():
    from django.utils.safestring import mark_safe

    assert typeset(mark_safe('<em>"x"</em>')) == "<em>“x”</em>"
    assert typeset(None) == ""
