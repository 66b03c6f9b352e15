"""The language of a person's words, not of their menu (issue 12, part 2): a detection table of real sentences,
no label on text too short to tell, and what readers of each language see."""

from __future__ import annotations

import re
from pathlib import Path

import py3langid
import sqlalchemy as sa
from conftest import Phone, answer_theme, join, set_agenda, start, visible

from praatplaat import textlang
from praatplaat.db import db
from praatplaat.models import Answer

# (expected language, sentence): what parents and teachers write, short and long, with Dutch, Turkish and Arabic
# names mixed in. Each is detected with a menu language that is NOT its own, so a right answer is the detector's.
TABLE = [
    ("nl", "Ahmet gaat graag naar school."),
    ("nl", "Juf Anna helpt Yusuf veel."),
    ("nl", "Hij leest elke avond een boek met zijn vader."),
    ("nl", "We willen dat Fatima meer met andere kinderen speelt in de pauze."),
    ("nl", "Thuis praten we Turks, op school Nederlands. Dat gaat goed."),
    ("nl", "Mohammed vindt rekenen moeilijk."),
    ("nl", "Graag elke week een kort bericht van de juf."),
    ("nl", "Hij slaapt slecht"),
    ("nl", "Heel goed"),
    ("en", "He likes reading a lot."),
    ("en", "Ahmet is happy at school and has many friends."),
    ("en", "We would like to hear from the teacher every week, even if it is only a short message."),
    ("en", "Homework takes too long in the evening."),
    ("en", "Yusuf needs more help with maths"),
    ("tr", "Okumayı çok seviyor."),
    ("tr", "Ahmet okula gitmeyi çok seviyor."),
    ("tr", "Öğretmeni Anna ona çok yardım ediyor."),
    ("tr", "Evde Türkçe konuşuyoruz, okulda Felemenkçe. Bu iyi gidiyor."),
    ("tr", "Her hafta öğretmenden kısa bir mesaj almak istiyoruz."),
    ("tr", "Matematik ödevleri çok zor geliyor ona."),
    ("tr", "Geceleri iyi uyumuyor"),
    ("tr", "Çok iyi"),
    ("ar", "يحب القراءة كثيرا."),
    ("ar", "يذهب أحمد إلى المدرسة بسرور."),
    ("ar", "المعلمة آنا تساعد يوسف كثيرا في الرياضيات."),
    ("ar", "نتكلم العربية في البيت والهولندية في المدرسة، وهذا يسير بشكل جيد."),
    ("ar", "نريد رسالة قصيرة من المعلمة كل أسبوع."),
    ("ar", "فاطمة تحتاج إلى مساعدة في الواجبات"),
    ("pl", "Bardzo lubi czytać książki."),
    ("pl", "Ahmet chętnie chodzi do szkoły."),
    ("pl", "Pani Anna dużo pomaga Yusufowi w matematyce."),
    ("pl", "W domu mówimy po polsku, a w szkole po niderlandzku. To idzie dobrze."),
    ("pl", "Chcemy co tydzień krótką wiadomość od nauczycielki."),
    ("pl", "Źle śpi w nocy"),
    ("uk", "Він дуже любить читати."),
    ("uk", "Ахмет із задоволенням ходить до школи."),
    ("uk", "Вчителька Анна багато допомагає Юсуфу з математикою."),
    ("uk", "Вдома ми розмовляємо українською, а в школі нідерландською. Це йде добре."),
    ("uk", "Ми хочемо щотижня отримувати коротке повідомлення від вчительки."),
    ("uk", "Погано спить уночі"),
    # Our other menu languages.
    ("fa", "او خواندن کتاب را خیلی دوست دارد."),
    ("fa", "ما در خانه فارسی صحبت می‌کنیم و در مدرسه هلندی."),
    ("so", "Aad buu u jecel yahay inuu wax akhriyo."),
    ("so", "Axmed wuxuu jecel yahay inuu dugsiga aado."),
    ("so", "Waxaan rabnaa in macallinku usbuuc kasta fariin gaaban noo soo diro."),
    ("ti", "ንባብ ኣዝዩ ይፈቱ።"),
    ("ti", "ኣብ ገዛ ትግርኛ ንዛረብ፣ ኣብ ቤት ትምህርቲ ድማ ሆላንድኛ።"),
]
# Too short to tell: whatever the detector guesses, the menu language stays and nobody gets a label.
TOO_SHORT = ["ok", "Ja!", "Goed", "👍", "Ja", "Nee", "Prima", "Evet", "Tamam", "نعم", "Tak", "Так", "Super", "",
             "12345 67890", "👍 👍", "Mehmet Öztürk", "Juf Fatma"]
# Not one of our languages: not labelled as one of ours either.
ELSEWHERE = ["Il aime beaucoup lire des livres.", "Er liest jeden Abend ein Buch mit seinem Vater.",
             "Он очень любит читать книги."]


def test_the_model_ships_inside_the_package():
    """Nothing is downloaded at run time: py3langid's model is a file of the installed package."""
    assert (Path(py3langid.__file__).parent / "data" / "model.npz.xz").is_file()


def test_detection_table():
    assert {language for language, _ in TABLE} >= {"nl", "en", "tr", "ar", "pl", "uk"}
    assert len(TABLE) >= 30
    wrong, rows = [], []
    for expected, sentence in TABLE:
        menu = "so" if expected != "so" else "nl"
        found, known = textlang.detect(sentence, menu)
        ok = (found, known) == (expected, True)
        rows.append(f"{'  ' if ok else '✗ '}{expected}  {found if known else '?':3} {sentence}")
        if not ok:
            wrong.append(sentence)
    print("\nexpected, detected (? = too short to tell), sentence\n" + "\n".join(rows))
    print(f"{len(TABLE) - len(wrong)} of {len(TABLE)} right")
    assert len(wrong) <= 2, wrong


def test_never_a_language_for_text_too_short_to_tell():
    for text in TOO_SHORT:
        assert textlang.detect(text, "tr") == ("tr", False), text
        assert textlang.detect(text, "ar") == ("ar", False), text


def test_words_in_a_language_we_do_not_offer_get_no_label():
    for text in ELSEWHERE:
        assert textlang.detect(text, "pl") == ("pl", False), text


def test_the_menu_language_does_not_decide():
    assert textlang.detect("Sam leest elke avond een boek.", "tr") == ("nl", True)
    assert textlang.detect("Sam her akşam kitap okuyor.", "ar") == ("tr", True)
    assert textlang.detect("HIJ LEEST ELKE AVOND EEN BOEK", "en") == ("nl", True)  # shouting is not all names


def _answer(app, text: str) -> tuple[str, bool]:
    with app.app_context():
        return db.session.execute(sa.select(Answer.language, Answer.language_known).where(Answer.text == text)).one()


def _item(page: str, text: str) -> str:
    """The list item that holds these words (markup and all)."""
    found = re.search(r"<li>(?:(?!</li>).)*?" + re.escape(text) + r".*?</li>", page, re.S)
    assert found, text
    return found.group(0)


def test_a_turkish_menu_writing_dutch_is_dutch(app):
    """A teacher whose menu is Turkish writes Dutch: stored as Dutch; a Dutch reader sees no label, a Turkish
    reader sees "Felemenkçe yazılmış" (written in Dutch), in Turkish."""
    lead, teacher, parent = Phone(app, "lead"), Phone(app, "teacher"), Phone(app, "parent")
    code, f_url = start(lead, take_part="no")
    join(teacher, code, role="professional", language="tr")
    join(parent, code, role="parent", language="tr")
    set_agenda(lead, f_url, "resultaat")
    dutch, turkish = "Sam leest elke avond een boek.", "Sam her akşam kitap okuyor."
    answer_theme(teacher, "resultaat", strengths=dutch)
    answer_theme(parent, "resultaat", strengths=turkish)
    assert _answer(app, dutch) == ("nl", True) and _answer(app, turkish) == ("tr", True)

    for_dutch = lead.get(f_url + "lijst").get_data(as_text=True)
    assert '<bdi dir="auto" data-read-aloud lang="nl">' + dutch + "</bdi>" in for_dutch
    assert "geschreven in" not in visible(_item(for_dutch, dutch))
    assert "(geschreven in het Turks)" in visible(_item(for_dutch, turkish))

    for_turkish = parent.get("/p/lijst").get_data(as_text=True)
    assert "(Felemenkçe yazılmış)" in visible(_item(for_turkish, dutch))
    assert "yazılmış" not in visible(_item(for_turkish, turkish))
    # The teacher's own phone (Turkish menu) says the same: their words are Dutch.
    assert "(Felemenkçe yazılmış)" in visible(_item(teacher.get("/p/lijst").get_data(as_text=True), dutch))


def test_no_label_on_text_too_short_to_tell(app):
    """"ok" from a Turkish menu: no "geschreven in" for anyone; `lang` is the writer's menu language."""
    lead, parent = Phone(app, "lead"), Phone(app, "parent")
    code, f_url = start(lead)
    join(parent, code, role="parent", language="tr")
    set_agenda(lead, f_url, "resultaat")
    answer_theme(parent, "resultaat", strengths="ok", ideas="👍", helps="Goed")
    for text in ("ok", "👍", "Goed"):
        assert _answer(app, text) == ("tr", False)
    for page in (lead.get(f_url + "lijst").get_data(as_text=True), parent.get("/p/lijst").get_data(as_text=True),
                 lead.get(f_url + "lijst/tweetalig?taal=tr").get_data(as_text=True),
                 lead.get(f_url + "t/resultaat").get_data(as_text=True)):
        assert "geschreven in" not in visible(page) and "yazılmış" not in visible(page)
        for text in ("ok", "👍", "Goed"):
            assert f'<bdi dir="auto" data-read-aloud lang="tr">{text}</bdi>' in page


def test_closing_tips_carry_the_language_of_the_words(app):
    """Tips are stored with a language but no `language_known`: detected when written, and no label when too
    short to tell (their length decides when shown)."""
    lead, parent, aunt = Phone(app, "lead"), Phone(app, "parent"), Phone(app, "aunt")
    code, f_url = start(lead)
    join(parent, code, role="parent", language="tr")
    join(aunt, code, role="network", language="tr")
    dutch = "Graag wat vaker een kort bericht over Sam."
    assert parent.post("/p/afsluiting", {"tips": dutch}).status_code == 303
    assert aunt.post("/p/afsluiting", {"tips": "Tamam"}).status_code == 303
    for_dutch = lead.get(f_url + "lijst").get_data(as_text=True)
    assert f'<bdi dir="auto" data-read-aloud lang="nl">{dutch}</bdi>' in for_dutch
    assert '<bdi dir="auto" data-read-aloud lang="tr">Tamam</bdi>' in for_dutch
    assert "geschreven in" not in visible(for_dutch)
    for_turkish = parent.get("/p/lijst").get_data(as_text=True)
    assert "(Felemenkçe yazılmış)" in visible(_item(for_turkish, dutch))
    assert "yazılmış" not in visible(_item(for_turkish, "Tamam"))
