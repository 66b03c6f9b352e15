"""Every string a person reads: in plain Dutch, and translated completely in every catalog."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.support import Translations

from praatplaat.i18n import LANGUAGES, NATIVE_REVIEW
from praatplaat.plainlang import problems, source_titles

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\(\w+\)s")
TRANSLATED = [code for code in LANGUAGES if code != "nl"]


@cache
def source_messages() -> dict[str, tuple[str, ...]]:
    """Extract every msgid from the code, templates and decks now (not from a possibly stale .pot)."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "N_": None, "in_languages_n": (1, 2)}
    found: dict[str, tuple[str, ...]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords):
        ids = message if isinstance(message, tuple) else (message,)
        found[ids[0]] = tuple(i for i in ids if i)
        assert filename.startswith("praatplaat")
    return found


def catalog(code: str):
    with (ROOT / "translations" / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def test_extraction_finds_the_ui_and_the_deck():
    messages = source_messages()
    assert "Meedoen" in messages and "Werk samen voor resultaat" in messages
    assert len(messages) > 250


@cache
def kept_source_titles() -> set[str]:
    """Theme titles in the source's own words, each with a plain line under it (checked as a msgid of its own)."""
    titles: set[str] = set()
    for path in (ROOT / "praatplaat" / "decks").glob("*.toml"):
        with path.open("rb") as handle:
            titles |= source_titles(tomllib.load(handle))
    return titles


@pytest.mark.parametrize("msgid", sorted(source_messages()))
def test_every_dutch_string_is_plain(msgid):
    """The same check as `praatplaat check-words`: length, common words, no jargon, idioms, passive or double no."""
    if msgid in kept_source_titles():
        return
    for text in source_messages()[msgid]:
        assert problems(text) == [], text


def test_only_source_titles_with_a_plain_line_are_kept():
    assert kept_source_titles() == {"Zoek de verbinding met ouders", "Sta dichtbij", "Erken de expertise van ouders",
                                    "Een gedeelde visie"}
    assert all(problems(title) for title in kept_source_titles())  # not plain: that is why the line is there


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_is_complete(code):
    messages = catalog(code)
    entries = {m.id if isinstance(m.id, str) else m.id[0]: m for m in messages if m.id}
    missing = [msgid for msgid in source_messages() if msgid not in entries]
    assert missing == [], f"{code}: not in the catalog (run make update-catalogs): {missing[:10]}"
    for msgid in source_messages():
        entry = entries[msgid]
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert not entry.fuzzy, f"{code}: fuzzy: {msgid}"
        assert strings and all(strings), f"{code}: untranslated: {msgid}"
        wanted = set(PLACEHOLDER.findall(" ".join(source_messages()[msgid])))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == wanted, f"{code}: placeholders differ: {msgid} -> {text}"
            assert "%" not in PLACEHOLDER.sub("", text), f"{code}: a stray % breaks templates: {text}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_compiled_catalog_matches_its_source(code):
    compiled = ROOT / "translations" / code / "LC_MESSAGES" / "messages.mo"
    assert compiled.is_file(), "run `make catalogs` (make test does it)"
    translations = Translations.load(str(ROOT / "translations"), [code])
    for entry in catalog(code):
        if not entry.id or entry.fuzzy:
            continue
        if isinstance(entry.id, tuple):
            assert translations.ngettext(entry.id[0], entry.id[1], 1) == entry.string[0]
        else:
            assert translations.gettext(entry.id) == entry.string, entry.id


# The plural rule each new catalog must carry (CLDR: Somali "one" is 1; Tigrinya and Persian "one" are 0 and 1).
PLURAL_FORMS = {"so": "nplurals=2; plural=(n != 1);", "ti": "nplurals=2; plural=(n > 1);",
                "fa": "nplurals=2; plural=(n > 1);"}


def test_every_language_is_covered():
    assert set(LANGUAGES) >= {"nl", "en", "tr", "ar", "pl", "uk", "so", "ti", "fa"}
    assert set(TRANSLATED) == set(NATIVE_REVIEW)


@pytest.mark.parametrize("code", sorted(PLURAL_FORMS))
def test_plural_forms_header(code):
    assert catalog(code).plural_forms == PLURAL_FORMS[code]


@pytest.mark.parametrize("code", TRANSLATED)
def test_header_says_how_it_was_translated_and_whether_it_was_reviewed(code):
    """So no one is misled about the quality: the header and the about page (NATIVE_REVIEW) say the same."""
    header = catalog(code).header_comment
    assert "Translated by an AI language model from the Dutch source" in header
    if NATIVE_REVIEW[code]:
        assert "Native speaker review: reviewed by" in header
    else:
        assert "Native speaker review: not yet reviewed by a native speaker." in header


def test_persian_uses_persian_letters():
    """Persian writes ی and ک; the Arabic ي and ك look alike but search, sort and render differently."""
    strings = [s for m in catalog("fa") if m.id for s in (m.string if isinstance(m.string, tuple) else (m.string,))]
    assert not [s for s in strings if "ي" in s or "ك" in s]
def test_counts_use_plural_forms():
    """A count ("%(num)s") is always a singular/plural pair (ngettext), never one fixed sentence."""
    fixed = [ids[0] for ids in source_messages().values() if len(ids) == 1 and "%(num)s" in ids[0]]
    assert fixed == [], f"use ngettext for these counts: {fixed}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_plural_entries_have_every_form_of_the_language(code):
    """uk and pl have three forms, ar six, tr one: each plural entry fills exactly that many."""
    messages = catalog(code)
    entries = {m.id if isinstance(m.id, str) else m.id[0]: m for m in messages if m.id}
    plural = [ids for ids in source_messages().values() if len(ids) == 2]
    assert plural, "the code has counts"
    for one, many in plural:
        entry = entries[one]
        assert isinstance(entry.id, tuple) and entry.id[1] == many, f"{code}: not a plural entry: {one}"
        assert len(entry.string) == messages.num_plurals, f"{code}: {len(entry.string)} forms for {one}"
