"""Parent evening moderation: approve, hide, and refuse a written answer (issue 13, point 5)."""

from __future__ import annotations

import pytest
from conftest import Phone, join, set_agenda, start, visible
from sqlalchemy import select

from praatplaat.db import db
from praatplaat.models import Answer

REFUSED_NOTE = "De gespreksleider laat deze tekst van jou niet zien:"


@pytest.fixture
def evening(app):
    host = Phone(app, "host")
    code, f_url = start(host, title="Ouderavond groep 6", mode="evening")
    writer, other, reader_ar = Phone(app, "writer"), Phone(app, "other"), Phone(app, "reader_ar")
    join(writer, code, role="unknown")
    join(other, code, role="unknown")
    join(reader_ar, code, role="unknown", language="ar")
    set_agenda(host, f_url, "resultaat")
    for phone, words in ((writer, "Die juf is dom"), (other, "Fijne juf"), (reader_ar, "معلمة لطيفة")):
        assert phone.post("/p/t/resultaat/1", {"scale": "good"}).status_code == 303
        assert phone.post("/p/t/resultaat/2", {"text": words}).status_code == 303
    return app, host, f_url, writer, other, reader_ar


def answer_id(app, text):
    with app.app_context():
        return db.session.scalar(select(Answer.id).where(Answer.text == text))


def moderate(host, f_url, answer, show):
    return host.post(f_url + f"antwoord/{answer}/scherm", {"show": show, "theme": "resultaat"})


def test_a_refused_answer_leaves_the_queue_and_is_never_shown(evening):
    app, host, f_url, writer, other, _ar = evening
    queue = host.get(f_url + "t/resultaat").get_data(as_text=True)
    assert "Die juf is dom" in queue and "Weigeren" in queue
    refused, kind = answer_id(app, "Die juf is dom"), answer_id(app, "Fijne juf")
    assert moderate(host, f_url, refused, "nee").status_code == 303
    assert moderate(host, f_url, kind, "1").status_code == 303
    queue = host.get(f_url + "t/resultaat").get_data(as_text=True)
    assert "Die juf is dom" not in queue and "Fijne juf" in queue
    with app.app_context():
        row = db.session.get(Answer, refused)
        assert row.refused and not row.approved and row.text == "Die juf is dom"  # kept for its writer only
    assert host.post(f_url + "scherm/toon", {"view": "theme:resultaat"}).status_code == 303
    screen = host.get(f_url + "scherm").get_data(as_text=True)
    assert "Fijne juf" in screen and "Die juf is dom" not in screen
    for page in (f_url + "lijst", f_url + "lijst.txt", f_url + "export.json", f_url + "lijst/tweetalig?taal=nl"):
        assert "Die juf is dom" not in host.get(page).get_data(as_text=True), page
    for page in ("/p/t/resultaat/samen", "/p/lijst", "/p/lijst.txt"):
        assert "Die juf is dom" not in other.get(page).get_data(as_text=True), page
    # The writer's picture-scale answer still counts.
    assert ">3</strong>" in other.get("/p/t/resultaat/samen").get_data(as_text=True)


def test_the_writer_sees_that_it_will_not_be_shown(evening):
    app, host, f_url, writer, other, _ar = evening
    assert moderate(host, f_url, answer_id(app, "Die juf is dom"), "nee").status_code == 303
    together = visible(writer.get("/p/t/resultaat/samen").get_data(as_text=True))
    assert REFUSED_NOTE in together and "Die juf is dom" in together
    step = visible(writer.get("/p/t/resultaat/2").get_data(as_text=True))
    assert "De gespreksleider laat deze tekst niet zien. Je mag hem veranderen." in step
    assert REFUSED_NOTE not in visible(other.get("/p/t/resultaat/samen").get_data(as_text=True))
    # New words get a new look: back in the queue, and no longer refused.
    assert writer.post("/p/t/resultaat/2", {"text": "De juf mag meer uitleggen"}).status_code == 303
    assert "De juf mag meer uitleggen" in host.get(f_url + "t/resultaat").get_data(as_text=True)
    assert REFUSED_NOTE not in visible(writer.get("/p/t/resultaat/samen").get_data(as_text=True))


def test_the_writer_is_told_in_their_own_language(evening):
    app, host, f_url, _writer, _other, reader_ar = evening
    assert moderate(host, f_url, answer_id(app, "معلمة لطيفة"), "nee").status_code == 303
    page = reader_ar.get("/p/t/resultaat/samen").get_data(as_text=True)
    assert "معلمة لطيفة" in page and REFUSED_NOTE not in page
    assert 'lang="ar"' in page and "لن يعرض" in page


def test_hide_and_approve_still_work_and_refuse_needs_its_own_conversation(evening):
    app, host, f_url, _writer, _other, _ar = evening
    kind = answer_id(app, "Fijne juf")
    assert moderate(host, f_url, kind, "1").status_code == 303
    assert moderate(host, f_url, kind, "0").status_code == 303
    with app.app_context():
        assert not db.session.get(Answer, kind).approved
    stranger = Phone(app, "stranger")
    _code, other_url = start(stranger, title="Ander gesprek", mode="evening")
    assert moderate(stranger, other_url, kind, "nee").status_code == 404
    assert moderate(host, f_url, kind, "weg").status_code == 400
    with app.app_context():
        assert not db.session.get(Answer, kind).refused
