"""The plain-language checker, and the deck texts checked with it."""

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import praatplaat
from praatplaat import plainwords
from praatplaat.cli import cli
from praatplaat.plainlang import deck_problems, flesch_douma, problems, sentences, source_titles, syllables, words

PACKAGE = Path(praatplaat.__file__).parent
DECKS = sorted((PACKAGE / "decks").glob("*.toml"))
ICONS = PACKAGE / "static" / "icons"
PRAATPLAAT_TITLES = [
    "Werk samen voor resultaat",
    "Denk in mogelijkheden",
    "Zoek de verbinding met ouders",
    "Denk vanuit het kind",
    "Sta dichtbij",
    "Erken de expertise van ouders",
    "Bied ouders steun",
    "Maak heldere afspraken",
    "Heb een positieve houding",
    "Betrek kinderen bij je keuzes",
]

PLAIN = "We bellen elke week. Dan horen we hoe het met Sam gaat. Dat is fijn voor iedereen."
HARD = (
    "Optimalisatie van samenwerkingsrelaties vereist consequente evaluatie. "
    "Communicatieve vaardigheden faciliteren participatie."
)


def test_sentences_split_on_marks_and_newlines():
    assert sentences("Dag! Hoe gaat het?\nGoed. ") == ["Dag", "Hoe gaat het", "Goed"]
    assert sentences("  ") == []


def test_words_drop_numbers_and_keep_accents():
    assert words("Over 3 weken praten we met één ouder-kind team.") == [
        "Over",
        "weken",
        "praten",
        "we",
        "met",
        "één",
        "ouder-kind",
        "team",
    ]


def test_placeholders_are_not_words():
    assert words("%(who)s belt {name} op %(when)s.") == ["belt", "op"]
    assert sentences("Hallo %(name)s. {who}.") == ["Hallo"]
    sixteen_with_placeholders = "Wij " + "%(a)s {b} " * 8 + "bellen " * 14 + "op."
    assert len(words(sixteen_with_placeholders)) == 16
    fifteen = "Wij " + "%(a)s {b} " * 8 + "bellen " * 13 + "op."
    assert not any(p.startswith("zin van") for p in problems(fifteen))


def test_syllables():
    assert syllables("kind") == 1
    assert syllables("ouders") == 2
    assert syllables("idee") == 2  # pyphen alone says 1
    assert syllables("ideeën") == 3
    assert syllables("samenwerking") == 4
    assert syllables("ervaringsdeskundige") == 7
    assert syllables("x") == 1


def test_plain_text_passes():
    assert flesch_douma(PLAIN) > 80
    assert problems(PLAIN) == []


def test_long_sentence_is_flagged():
    text = "We praten met de ouders en ook met het kind over school en thuis en over de vrienden."
    assert len(words(text)) == 18
    found = problems(text)
    assert len(found) == 1 and found[0].startswith("zin van 18 woorden (hoogstens 15)")
    assert problems("Zo. " + text.replace(" en over de vrienden", ". En over de vrienden")) == []


def test_low_score_is_flagged():
    assert flesch_douma(HARD) < 0
    assert any(p.startswith("leesgemak (Flesch-Douma)") for p in problems(HARD))


def test_short_text_has_no_score_problem():
    assert problems("Denk in mogelijkheden") == []
    assert not any(p.startswith("leesgemak") for p in problems("Goede verantwoordelijkheid"))


def test_long_word_is_flagged_unless_allowed():
    text = "Vraag een ervaringsdeskundige."
    assert problems(text) == [
        "lang woord van 7 lettergrepen: 'ervaringsdeskundige' — tip: kies een korter woord, of schrijf het als twee "
        "woorden"]
    assert problems(text, allow=frozenset({"Ervaringsdeskundige"})) == []
    assert problems("Denk in mogelijkheden.") == []  # in allowed.txt
    assert problems("Ik ben gezinshuisouder.") == []  # explained in the glossary
    assert problems("Een hulpverlener helpt.") == []  # 4 syllables is fine


def test_allowed_words_are_lowercase_or_abbreviations():
    assert "praatplaat" in plainwords.allowed() and "QR" in plainwords.allowed()
    assert all(w == w.lower() or w.isupper() for w in plainwords.allowed())


def _load(path):
    with path.open("rb") as f:
        return tomllib.load(f)


def test_there_is_a_praatplaat_deck():
    assert "praatplaat" in [p.stem for p in DECKS]
    deck = _load(PACKAGE / "decks" / "praatplaat.toml")
    assert deck["key"] == "praatplaat"
    assert [t["title"] for t in deck["themes"]] == PRAATPLAAT_TITLES


@pytest.mark.parametrize("path", DECKS, ids=[p.stem for p in DECKS])
def test_deck_texts_are_plain(path):
    deck = _load(path)
    assert deck["key"] == path.stem
    texts = [deck["title"], deck["description"], deck["credit"]]
    assert deck["themes"], "a deck needs themes"
    theme_keys = [t["key"] for t in deck["themes"]]
    assert len(set(theme_keys)) == len(theme_keys), "theme keys must be unique"
    for theme in deck["themes"]:
        assert re.fullmatch(r"[a-z][a-z0-9-]*", theme["key"]), theme["key"]
        assert (ICONS / f"{theme['icon']}.svg").is_file(), f"no icon {theme['icon']}.svg"
        texts += [theme["text"], theme.get("plain_title", theme["title"])]
        if "plain_title" not in theme:  # a source title that is not plain needs a plain line under it
            texts.append(theme["title"])
        assert len(sentences(theme["text"])) == 1, theme["text"]
        if "youth_text" in theme:  # optional: the team scan is for professionals only
            texts.append(theme["youth_text"])
            assert len(sentences(theme["youth_text"])) == 1, theme["youth_text"]
        suggestions = theme["suggestions"]
        assert len(suggestions) >= 3, f"theme {theme['key']} needs 3 or more suggestions"
        keys = [s["key"] for s in suggestions]
        assert len(set(keys)) == len(keys), f"suggestion keys in {theme['key']} must be unique"
        for s in suggestions:
            assert re.fullmatch(r"[a-z][a-z0-9-]*", s["key"]), s["key"]
            texts.append(s["text"])
    for text in texts:
        assert text.strip() and "%" not in text, repr(text)
        assert problems(text) == [], text
    assert deck_problems(path) == []  # what `praatplaat check-deck` says


def test_icons_are_small_safe_inline_svg():
    needed = {"eigen", "speak", "check", "clock", "people"} | {
        f"scale-{s}" for s in ("good", "fair", "better", "unknown")
    }
    assert needed <= {p.stem for p in ICONS.glob("*.svg")}
    for path in ICONS.glob("*.svg"):
        svg = path.read_text(encoding="utf-8")
        assert len(svg.encode()) < 700, path.name
        head = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" fill="none" stroke="currentColor"'
        assert svg.startswith(head) and svg.rstrip().endswith("</svg>"), path.name
        assert 'aria-hidden="true"' in svg and 'focusable="false"' in svg, path.name
        assert not re.search(r"style|script|<text|href|url\(|\bon\w+=", svg), path.name


# The sentences of issue 14: before it, they all passed.
NOT_PLAIN = {
    "De GI toetst de OTS aan het plan.": ["afkorting: 'GI'", "afkorting: 'OTS'", "ongewoon woord: 'toetst'"],
    "Bij escalatie volgt een MDO met de gezinsvoogd.": ["vaktaal of een vaag woord: 'escalatie'",
                                                        "afkorting: 'MDO'"],
    "Dat is geen koud kunstje, dus we gaan niet over één nacht ijs.": [
        "uitdrukking: 'over één nacht ijs'", "uitdrukking: 'geen koud kunstje'"],
    "Erken de expertise van ouders": ["ongewoon woord: 'Erken'", "vaktaal of een vaag woord: 'expertise'"],
    "Het plan wordt morgen besproken.": ["lijdende vorm: 'besproken'"],
    "Vastgesteld door de gespreksleider": ["lijdende vorm: 'vastgesteld'"],
    "Het is niet onmogelijk.": ["dubbele ontkenning: 'het is niet onmogelijk'"],
    "Je hoeft niet niemand te bellen.": ["dubbele ontkenning: 'je hoeft niet niemand te bellen'"],
    "We kijken de kat uit de boom.": ["uitdrukking: 'de kat uit de boom'"],
    "Lees het plan van aanpak.": ["vaktaal: 'plan van aanpak'"],
    "Vraag het aan de IB'er.": ['afkorting: "IB\'er"'],
}


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_jargon_abbreviations_idioms_passive_and_double_negation_fail(text):
    found = problems(text)
    for expected in NOT_PLAIN[text]:
        assert any(p.startswith(expected) for p in found), (expected, found)
    assert all(" — tip: " in p for p in found)  # every problem comes with a tip


@pytest.mark.parametrize("text", [
    "We praten samen over wat goed gaat.",
    "Ouders vertellen hoe ze lid worden van een raad voor ouders.",  # worden + an infinitive: not passive
    "De gezinsvoogd belt de ouders.",  # jargon, but the glossary explains it
    "Op de ouderavond kiezen we samen een thema.",  # a compound of common words
    "Kijk wat Sam en Noor willen.",  # names
    "Dat is geen probleem, maar we gaan niet te snel.",  # two negations, in two parts of the sentence
])
def test_plain_sentences_pass(text):
    assert problems(text) == []


def test_uncommon_word_passes_only_when_the_glossary_explains_it():
    assert any(p.startswith("ongewoon woord: 'accorderen'") for p in problems("We accorderen het plan."))
    words_explained = plainwords.explained()
    assert {"gezinsvoogd", "gezinsvoogden", "jeugdbescherming", "netwerk", "agenda"} <= words_explained
    assert len(plainwords.glossary()) >= 15


def test_data_files_explain_how_to_edit_them():
    for path in (PACKAGE / "plainwords").iterdir():
        if path.suffix in (".txt", ".toml"):
            head = path.read_text(encoding="utf-8").splitlines()[:12]
            assert head[0].startswith("#") and any("Zo pas je" in line for line in head), path.name


def test_check_words_command():
    runner = CliRunner()
    result = runner.invoke(cli, ["check-words", "De GI toetst de OTS aan het plan."])
    assert result.exit_code == 1
    assert "afkorting: 'GI'" in result.output and "afkorting: 'OTS'" in result.output and "tip:" in result.output
    result = runner.invoke(cli, ["check-words", "We praten samen over wat goed gaat."])
    assert result.exit_code == 0, result.output
    assert "In orde" in result.output
    for text in ("Bij escalatie volgt een MDO met de gezinsvoogd.",
                 "Dat is geen koud kunstje, dus we gaan niet over één nacht ijs."):
        assert runner.invoke(cli, ["check-words", "We praten samen.", text]).exit_code == 1


def test_check_deck_command(tmp_path):
    runner = CliRunner()
    for path in DECKS:
        result = runner.invoke(cli, ["check-deck", str(path)])
        assert result.exit_code == 0, result.output
    bad = tmp_path / "deck.toml"
    bad.write_text('key = "x"\ntitle = "Casuïstiek"\n\n[[themes]]\nkey = "a"\ntitle = "Sta dichtbij"\n'
                   'text = "Bij escalatie volgt een MDO."\n', encoding="utf-8")
    result = runner.invoke(cli, ["check-deck", str(bad)])
    assert result.exit_code == 1
    for expected in ("regel 2, deck.title: vaktaal of een vaag woord: 'Casuïstiek'",
                     "regel 7, deck.themes[0].text: afkorting: 'MDO'",
                     "regel 6, deck.themes[0].title: uitdrukking: 'sta dichtbij'", "plain_title"):
        assert expected in result.output
    broken = tmp_path / "broken.toml"
    broken.write_text("title = ", encoding="utf-8")
    result = runner.invoke(cli, ["check-deck", str(broken)])
    assert result.exit_code == 1 and "geen goed TOML-bestand" in result.output


def test_source_titles_keep_their_words_with_a_plain_line():
    deck = _load(PACKAGE / "decks" / "praatplaat.toml")
    assert source_titles(deck) == {"Zoek de verbinding met ouders", "Sta dichtbij", "Erken de expertise van ouders"}
    for theme in deck["themes"]:
        if theme["title"] in source_titles(deck):
            assert problems(theme["title"]) and problems(theme["plain_title"]) == []
    assert deck_problems(PACKAGE / "decks" / "praatplaat.toml") == []
