"""Every user-facing string is in every catalogue, translated in full, with its placeholders and plural forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from boutique.config import Defaults
from boutique.models import LANGUAGE_NAMES, LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
# The code is written in English: the English catalogue may leave a msgstr empty (the msgid shows).
SOURCE_LANGUAGE = "en"
TRANSLATED_LANGUAGES = [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]
PLACEHOLDER = re.compile(r"%\((\w+)\)")
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


def msgid(message: Message) -> str:
    """The singular msgid of a message, plural or not."""
    return message.id if isinstance(message.id, str) else message.id[0]


def forms(message: Message) -> list[str]:
    """Every msgstr of a message: one, or one per plural form."""
    return [message.string] if isinstance(message.string, str) else list(message.string)


def placeholders(text: str) -> tuple[set[str], int]:
    """The %(name)s placeholders of a text and how many literal %% it holds."""
    return set(PLACEHOLDER.findall(text)), text.count("%%")


def untranslated(po: Catalog, code_strings: set[str]) -> list[str]:
    """Msgids the code uses that are fuzzy or lack a translation (in any plural form)."""
    return [msgid(m) for m in po if m.id and msgid(m) in code_strings and (m.fuzzy or not all(forms(m)))]


def broken_placeholders(po: Catalog) -> list[tuple[str, str]]:
    """(msgid, msgstr) where a translation lost, added or misspelt a placeholder, in any form."""
    broken = []
    for message in po:
        if message.id:
            wanted = placeholders(message.id if isinstance(message.id, str) else message.id[1])
            broken += [(msgid(message), text) for text in forms(message) if text and placeholders(text) != wanted]
    return broken


@pytest.fixture(scope="module")
def code_strings() -> set[str]:
    return strings_in_code()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalogue_holds_every_string_the_code_uses(code_strings, lang):
    ids = {msgid(m) for m in catalogue(lang) if m.id}
    assert sorted(code_strings - ids) == [], "run `make update-messages` and translate (docs/TRANSLATING.md)"


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_every_string_is_translated_and_none_is_fuzzy(code_strings, lang):
    assert untranslated(catalogue(lang), code_strings) == [], \
        f"translate these in translations/{lang}/LC_MESSAGES/messages.po and remove the fuzzy flag"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_survive_translation_in_every_form(lang):
    assert broken_placeholders(catalogue(lang)) == [], \
        "keep every %(name)s of the English text, spelt the same, in every form"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_catalogue_has_the_plural_forms_of_its_language(lang):
    po = catalogue(lang)
    wanted = get_plural(lang).num_plurals
    assert po.num_plurals == wanted, f"the Plural-Forms header of {lang} should say nplurals={wanted}"
    wrong = [msgid(m) for m in po if m.id and not isinstance(m.id, str) and len(forms(m)) != wanted]
    assert wrong == [], f"every plural message in {lang} needs {wanted} forms (msgstr[0] to msgstr[{wanted - 1}])"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_is_compiled_named_and_offered(lang):
    compiled = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.mo"
    assert compiled.is_file(), "run `make translations`"
    with open(compiled, "rb") as handle:
        assert len(read_mo(handle)) > 0
    assert LANGUAGE_NAMES.get(lang), "name the language in itself in LANGUAGE_NAMES (boutique/models.py)"
    assert lang in Defaults.LANGUAGES


def test_the_checks_catch_a_catalogue_that_lost_a_placeholder_or_a_translation():
    po = Catalog(locale="sv")
    po.add("VAT %(rate)s %% of %(net)s", "Moms %(rate)s %% av %(net)s")
    po.add("Saved garment %(code)s.", "Sparade plagget %(kod)s.")  # a translated placeholder name
    po.add("Receipt %(no)s", "Kvitto %(no)s", flags=["fuzzy"])
    po.add(("%(num)s garment", "%(num)s garments"), ("%(num)s plagg", ""))  # one plural form missing
    po.add(("Sold after %(num)s day", "Sold after %(num)s days"), ("Såld efter en dag", "Såld efter %(num)s dagar"))
    used = {"VAT %(rate)s %% of %(net)s", "Saved garment %(code)s.", "Receipt %(no)s", "%(num)s garment"}
    assert broken_placeholders(po) == [("Saved garment %(code)s.", "Sparade plagget %(kod)s."),
                                       ("Sold after %(num)s day", "Såld efter en dag")]
    assert untranslated(po, used) == ["Receipt %(no)s", "%(num)s garment"]
