"""The language of a person's own words (issue 12), detected offline, restricted to the languages we offer.

`detect(text, fallback)` gives `(language, known)`. `known` is False when the words are too short to tell (or are
in a language we do not offer): the language is then the writer's menu language (`fallback`) and no reader sees a
"geschreven in …" label. The rules, measured on the sentences in tests/test_textlang.py:

- **Names**: a capitalised word that does not start a sentence is left out before anything else ("Juf Anna helpt
  Yusuf veel." is read as "Juf helpt veel."): names like Yusuf, Anna or Ahmet otherwise pull a short sentence
  towards Somali or Turkish, and "Mehmet Öztürk" says nothing about the language it was written in.
- **Too short to tell**: fewer than 2 words or fewer than 6 letters left ("ok", "Ja!", "Goed", "👍"; "Heel fijn" is
  enough). py3langid is often sure of one word ("Goed": 83 % Dutch), but one word is as often a name, a loan word or
  "ok": no label is better than a wrong one.
- **py3langid** (its model ships inside the wheel; nothing is downloaded) gives a probability for each of its 140
  languages. Among ours that it knows (nl en tr ar pl uk so fa; ar and fa only for Arabic script), made to add up
  to one, the best must reach 75 %; else: not sure, so not known.
- **Another language**: when the model is more than half sure of a language
  we do not offer (French, German, Russian …), the words are not labelled as one of ours. Close kin does not count
  as another language (Afrikaans/Frisian for Dutch, Moroccan/Egyptian Arabic for Arabic, Azerbaijani for Turkish).
- **Tigrinya** (ti) is not in the model: Ethiopic script means Tigrinya (Amharic is written in it too, but we do not
  offer Amharic, and a Tigrinya reader can read the script).
- **Arabic or Persian**: Persian has letters Arabic lacks (پ چ ژ گ and the Persian forms of ی and ک that Persian
  keyboards type); Arabic has ة and its own ي ك ى. When only one side's letters occur, that side wins; otherwise
  the model decides between the two.
- **Somali** is in this model (0.4.0): Latin text is judged among nl en tr pl so alike.

One call costs about two py3langid classifications: 0.3 ms on a quiet machine, 3 ms at load 17 on two shared cores.
The model (4.6 MB packed, about 75 MB in memory) is loaded once per process (1–2 s; 6 s on that busy machine).
"""

from __future__ import annotations

import re
import threading

from .i18n import LANGUAGES

MIN_WORDS = 2
MIN_LETTERS = 6
MIN_PROBABILITY = 0.75
OTHER_LANGUAGE = 0.5
# The model's languages that count as ours when the whole model prefers them.
KIN = {"af": "nl", "fy": "nl", "lb": "nl", "ary": "ar", "arz": "ar", "az": "tr", "crh": "tr", "tk": "tr",
       "am": "ti"}
ETHIOPIC = re.compile(r"[\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f]")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
PERSIAN_ONLY = re.compile("[\u067e\u0686\u0698\u06af\u06cc\u06a9]")  # پ چ ژ گ ی ک
ARABIC_ONLY = re.compile("[\u0629\u064a\u0643\u0649]")  # ة ي ك ى
SENTENCE_END = ".!?؟።"

_lock = threading.Lock()
_model = None


def load():
    """The model, loaded once per process (a lock: two first requests at once). `praatplaat serve` loads it
    before it answers, so nobody's first answer waits for it."""
    global _model
    with _lock:
        if _model is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _model


def _without_names(words: list[str]) -> list[str]:
    """Leave out capitalised words that do not start a sentence (mostly names)."""
    return [word for n, word in enumerate(words)
            if n == 0 or not word[:1].isupper() or words[n - 1][-1:] in SENTENCE_END]


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _words(text: str) -> list[str]:
    if text.isupper():
        text = text.lower()  # SHOUTED WORDS are not all names
    return _without_names([word for word in text.split() if any(ch.isalpha() for ch in word)])


def too_short(text: str) -> bool:
    """Too short to tell its language (no model needed): for words stored without `language_known`."""
    words = _words(text)
    return len(words) < MIN_WORDS or _letters(" ".join(words)) < MIN_LETTERS


def detect(text: str, fallback: str) -> tuple[str, bool]:
    """The language of `text` among ours and whether we can tell; `(fallback, False)` when we cannot."""
    if too_short(text):
        return fallback, False
    words = _words(text)
    if len(ETHIOPIC.findall(text)) * 2 > _letters(text):
        return "ti", True
    ranked = dict(load().rank(" ".join(words)))  # every language the model knows, as probabilities
    other, sure = max(ranked.items(), key=lambda item: item[1])
    # Among ours: the same probabilities made to add up to one over our languages only.
    candidates = ("ar", "fa") if ARABIC_SCRIPT.search(text) else [code for code in LANGUAGES if code in ranked]
    total = sum(ranked[code] for code in candidates)
    if not total:  # all of ours too unlikely to count: another language
        return fallback, False
    language = max(candidates, key=ranked.__getitem__)
    probability = ranked[language] / total
    if ARABIC_SCRIPT.search(text):
        persian, arabic = bool(PERSIAN_ONLY.search(text)), bool(ARABIC_ONLY.search(text))
        if persian != arabic:
            language, probability = ("fa" if persian else "ar"), 1.0
    elsewhere = other not in LANGUAGES and KIN.get(other) != language and sure > OTHER_LANGUAGE
    if probability < MIN_PROBABILITY or elsewhere:
        return fallback, False
    return language, True
