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
- **py3langid** (its model ships inside the wheel; nothing is downloaded) chooses among our languages that it
  knows: nl en tr ar pl uk so fa. Below 75 % for the best of them: not sure, so not known.
- **Another language**: the same model over all its 140 languages. When it is more than half sure of a language
  we do not offer (French, German, Russian …), the words are not labelled as one of ours. Close kin does not count
  as another language (Afrikaans/Frisian for Dutch, Moroccan/Egyptian Arabic for Arabic, Azerbaijani for Turkish).
- **Tigrinya** (ti) is not in the model: Ethiopic script means Tigrinya (Amharic is written in it too, but we do not
  offer Amharic, and a Tigrinya reader can read the script).
- **Arabic or Persian**: Persian has letters Arabic lacks (پ چ ژ گ and the Persian forms of ی and ک that Persian
  keyboards type); Arabic has ة and its own ي ك ى. When only one side's letters occur, that side wins; otherwise
  the model decides between the two.
- **Somali** is in this model (0.4.0): Latin text is judged among nl en tr pl so alike.

One call takes about 0.3 ms; the model (4.6 MB) is loaded once, at the first call (about 1–2 s).
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
_models: tuple | None = None


def _load():
    """Both identifiers over the one model file, loaded once per process (a lock: two first requests at once)."""
    global _models
    with _lock:
        if _models is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            whole = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            ours = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            ours.set_languages([code for code in LANGUAGES if code in whole.labels])
            _models = whole, ours
    return _models


def _without_names(words: list[str]) -> list[str]:
    """Leave out capitalised words that do not start a sentence (mostly names)."""
    return [word for n, word in enumerate(words)
            if n == 0 or not word[:1].isupper() or words[n - 1][-1:] in SENTENCE_END]


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def detect(text: str, fallback: str) -> tuple[str, bool]:
    """The language of `text` among ours and whether we can tell; `(fallback, False)` when we cannot."""
    if text.isupper():
        text = text.lower()  # SHOUTED WORDS are not all names
    words = _without_names([word for word in text.split() if any(ch.isalpha() for ch in word)])
    if len(words) < MIN_WORDS or _letters(" ".join(words)) < MIN_LETTERS:
        return fallback, False
    if len(ETHIOPIC.findall(text)) * 2 > _letters(text):
        return "ti", True
    whole, ours = _load()
    sample = " ".join(words)
    if ARABIC_SCRIPT.search(text):
        persian, arabic = bool(PERSIAN_ONLY.search(text)), bool(ARABIC_ONLY.search(text))
        if persian != arabic:
            language, probability = ("fa" if persian else "ar"), 1.0
        else:
            ranked = dict(ours.rank(sample))
            language = max(("ar", "fa"), key=ranked.get)
            probability = ranked[language] / ((ranked["ar"] + ranked["fa"]) or 1)
    else:
        language, probability = ours.classify(sample)
    other, sure = whole.classify(sample)
    elsewhere = other not in LANGUAGES and KIN.get(other) != language and sure > OTHER_LANGUAGE
    if probability < MIN_PROBABILITY or elsewhere:
        return fallback, False
    return language, True
