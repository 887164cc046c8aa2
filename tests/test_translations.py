"""Every user-facing string is in the catalogues: Swedish translated in full, English complete beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
METHODS = [("app.py", "python"), ("boutique/**.py", "python"), ("inventory/**.py", "python"),
           ("pos/**.py", "python"), ("templates/**.html", "jinja2")]


def strings_in_code() -> set[str]:
    """The msgids the code marks for translation today."""
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), METHODS, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalogue(lang: str):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


@pytest.fixture(scope="module")
def code_strings() -> set[str]:
    return strings_in_code()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_catalogue_holds_every_string_the_code_uses(code_strings, lang):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(lang) if m.id}
    assert sorted(code_strings - ids) == [], "run `make update-messages` and translate"


def test_every_swedish_string_is_translated_and_none_is_fuzzy(code_strings):
    untranslated = [m.id for m in catalogue("sv") if m.id and (not m.string or m.fuzzy)
                    and (m.id if isinstance(m.id, str) else m.id[0]) in code_strings]
    assert untranslated == []


def test_placeholders_survive_translation():
    broken = []
    for message in catalogue("sv"):
        if message.id and isinstance(message.id, str) and message.string:
            for token in ("%(", "%%"):
                if message.id.count(token) != message.string.count(token):
                    broken.append(message.id)
    assert broken == []
