"""The state-affiliated outlet table: built from the State Media Matrix, read at run time."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
TABLE_PATH = DATA_DIR / "state_media.json"
ALIASES_PATH = DATA_DIR / "state_media_aliases.json"

# The State Media Monitor typology (as restated in the source repository's README).
TYPOLOGIES = {
    "SC": "state-controlled media",
    "CaPu": "captured public/state-managed media",
    "CaPr": "captured private media",
    "ISFM": "independent state-funded and state-managed media",
    "ISF": "independent state-funded media",
    "ISM": "independent state-managed media",
    "IP": "independent public media",
}
# Only outlets whose editorial line the state controls are flagged; the BBC or NHK-style
# independent public media are recorded as institutions, not queried.
EDITORIALLY_CONTROLLED = frozenset({"SC", "CaPu", "CaPr"})

_PREFIX = re.compile(
    r"^(?:news agency|print media|print|television|online|radio|tv|website)\s*:\s*", re.I
)
_EDITION = re.compile(
    r"(?<!\s)\s+(?:english|spanish|french|arabic|russian|chinese|german|japanese|korean|"
    r"portuguese|turkish|italian|georgian|serbian|persian|polish|greek|urdu|kurdi|"
    r"español|français|deutsch|русский|العربية)$",
    re.I,
)
# Single words too common in copy to stand for an outlet on their own.
_STOPWORDS = frozenset(
    """star mir posta sabah hayat today times post news the nation mirror iran quds
    javan turkiye ukraina gunes aksam channel radio television press daily herald
    tribune express sun observer guardian world voice vesti life strana
    independent republic national public report review journal gazette""".split()
) | {"am radio", "fm radio"}


def _clean(name: str) -> str:
    name = unicodedata.normalize("NFC", name).strip().strip("*").strip()
    name = _PREFIX.sub("", name)
    return re.sub(r"\s+", " ", name).strip(" ;,)(")


def _is_latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "’‘" for c in name)


def _forms(raw: str) -> list[str]:
    """The names an outlet string stands for: base name, parenthesised acronym, edition-less."""
    raw = _clean(raw)
    forms = []
    match = re.match(r"^(.*?)\s*\(([^)]*)\)?\s*$", raw)
    if match:
        forms.append(match.group(1))
        inner = match.group(2).strip()
        # Keep "(CGTN)" or "(New China News Agency)", not "(Chelyabinsk)" or "(English)".
        acronym = re.fullmatch(r"[A-Z][A-Z0-9&-]+", inner)
        if acronym or (len(inner.split()) >= 2 and "edition" not in inner.lower()):
            forms.append(inner)
    else:
        forms.append(raw)
    for form in list(forms):
        stripped = _EDITION.sub("", form)
        if stripped != form:
            forms.append(stripped)
    return [_clean(f) for f in forms]


def usable_alias(alias: str, countries: set[str]) -> bool:
    if len(alias) < 3 or not _is_latin(alias) or not re.search(r"[A-Za-z]", alias):
        return False
    if alias.lower() in countries or alias.lower() in _STOPWORDS:
        return False
    return alias[0].isupper() or alias[0].isdigit()


def build_outlet_table(csv_path: Path) -> dict:
    """Process State_Media_Matrix.csv into the JSON table Herald ships."""
    with open(csv_path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    countries = {r["Country"].strip().lower() for r in rows}
    outlets: dict[tuple[str, str], dict] = {}
    for row in rows:
        typology = row["Typology"].strip().rstrip("?")
        if typology not in TYPOLOGIES:
            continue
        country = row["Country"].strip()
        company_forms = _forms(row["Media company"])
        asset_forms = _forms(row["Main assets"]) or company_forms
        name = asset_forms[-1] if _EDITION.search(" " + asset_forms[0]) else asset_forms[0]
        key = (country, name)
        outlet = outlets.setdefault(
            key,
            {
                "name": name,
                "company": _clean(row["Media company"]),
                "country": country,
                "typology": typology,
                "aliases": [],
            },
        )
        for alias in asset_forms + company_forms:
            if usable_alias(alias, countries) and alias not in outlet["aliases"]:
                outlet["aliases"].append(alias)
    table = [o for o in outlets.values() if o["aliases"]]
    table.sort(key=lambda o: (o["country"], o["name"]))
    return {
        "source": "ASD-at-GMF/state-media-profiles, State_Media_Matrix.csv (commit d878fee), MIT",
        "typologies": TYPOLOGIES,
        "outlets": table,
    }


@lru_cache(maxsize=1)
def load_outlets() -> tuple[dict[str, dict], tuple[str, ...]]:
    """Alias -> outlet record, and the aliases longest first (for one alternation regex)."""
    by_alias: dict[str, dict] = {}
    try:
        table = json.loads(TABLE_PATH.read_text(encoding="utf-8"))["outlets"]
    except (OSError, ValueError, KeyError):
        table = []
    by_name = {}
    for outlet in table:
        by_name.setdefault(outlet["name"], outlet)
        for alias in outlet["aliases"]:
            by_alias.setdefault(alias, outlet)
    # Curated wire short names ("TASS", "RIA", "Press TV") win over the derived ones.
    try:
        curated = json.loads(ALIASES_PATH.read_text(encoding="utf-8"))["aliases"]
    except (OSError, ValueError, KeyError):
        curated = {}
    for alias, target in curated.items():
        outlet = by_name.get(target["outlet"])
        if outlet is None:
            outlet = {
                "name": target["outlet"],
                "company": target.get("company", target["outlet"]),
                "country": target["country"],
                "typology": target["typology"],
                "aliases": [alias],
            }
        by_alias[alias] = outlet
    ordered = tuple(sorted(by_alias, key=lambda a: (-len(a), a)))
    return by_alias, ordered
