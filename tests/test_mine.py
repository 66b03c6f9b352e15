"""One phone in several conversations, one laptop with many talks: Mijn gesprekken (issue 13, points 9 and 10)."""

from __future__ import annotations

import re

from conftest import (
    LOOKBACK_DAY,
    Phone,
    answer_theme,
    cookie_of,
    dutch_date,
    join,
    proposal_cards,
    set_agenda,
    start,
    visible,
)
from sqlalchemy import select
from test_fastpoll import both_answers

from praatplaat.cookies import FACILITATOR_COOKIE, MAX_LEAD_CONVERSATIONS, PARTICIPANT_COOKIE
from praatplaat.db import db
from praatplaat.models import Answer, Conversation, Participant
from praatplaat.tokens import new_token

PHONE_LINK = re.compile(r'class="button small primary" href="/p\?g=([0-9a-f]{10})"')


def two_talks(app):
    """Two teachers, each with a conversation about one child; one parent's phone joins both."""
    anna, piet, parent = Phone(app, "anna"), Phone(app, "piet"), Phone(app, "parent")
    code_a, f_a = start(anna, title="Gesprek over Sam")
    code_b, f_b = start(piet, title="Gesprek over Noor")
    set_agenda(anna, f_a, "resultaat")
    set_agenda(piet, f_b, "resultaat")
    join(parent, code_a, role="parent", nickname="Ayse")
    second = join(parent, code_b, role="parent", nickname="Ayse")
    assert "?g=" in second.location  # from now on, every phone page names its conversation
    page = parent.get("/gesprekken").get_data(as_text=True)
    ref_b, ref_a = PHONE_LINK.findall(page)  # newest joined first
    return {"anna": anna, "piet": piet, "parent": parent, "f_a": f_a, "f_b": f_b, "ref_a": ref_a, "ref_b": ref_b,
            "code_a": code_a, "code_b": code_b}


def stored_texts(app) -> dict[str, set[str]]:
    """Written answers by conversation title."""
    with app.app_context():
        rows = db.session.execute(select(Conversation.title, Answer.text).join(
            Participant, Participant.conversation_id == Conversation.id).join(
            Answer, Answer.participant_id == Participant.id).where(Answer.text != "")).all()
    out: dict[str, set[str]] = {}
    for title, text in rows:
        out.setdefault(title, set()).add(text)
    return out


def test_a_phone_joins_two_conversations_and_answers_in_both(app):
    t = two_talks(app)
    parent = t["parent"]
    mine = visible(parent.get("/gesprekken").get_data(as_text=True))
    assert "Gesprek over Sam" in mine and "Gesprek over Noor" in mine
    for ref, words in ((t["ref_a"], "Sam leest graag"), (t["ref_b"], "Noor rekent goed")):
        first = parent.get(f"/p?g={ref}")
        assert first.status_code == 303 and first.location == f"/p/t/resultaat/1?g={ref}"
        page = parent.get(first.location).get_data(as_text=True)
        assert f'href="/p/t/resultaat/samen?g={ref}"' in page or f"?g={ref}" in page
        assert parent.post(f"/p/t/resultaat/1?g={ref}", {"scale": "good"}).location == f"/p/t/resultaat/2?g={ref}"
        assert parent.post(f"/p/t/resultaat/2?g={ref}", {"text": words}).status_code == 303
    assert stored_texts(app) == {"Gesprek over Sam": {"Sam leest graag"}, "Gesprek over Noor": {"Noor rekent goed"}}
    # Each page shows its own conversation, and each teacher sees only their own answers.
    sam = visible(parent.get(f"/p/t/resultaat/samen?g={t['ref_a']}").get_data(as_text=True))
    assert "Gesprek over Sam" in sam and "Sam leest graag" in sam and "Noor" not in sam
    noor = visible(t["piet"].get(t["f_b"] + "t/resultaat").get_data(as_text=True))
    assert "Noor rekent goed" in noor and "Sam leest graag" not in noor
    # Both are still listed, and a join link of a conversation the phone is in goes back to it.
    assert PHONE_LINK.findall(parent.get("/gesprekken").get_data(as_text=True)) == [t["ref_b"], t["ref_a"]]
    again = parent.get(f"/j/{t['code_a']}")
    assert again.status_code == 303 and again.location == f"/p?g={t['ref_a']}"
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Participant)) == 4  # two teachers, two phones


def test_the_phone_list_and_links_name_the_conversation(app):
    t = two_talks(app)
    parent = t["parent"]
    page = parent.get(f"/p/themas?g={t['ref_a']}").get_data(as_text=True)
    links = re.findall(r'href="(/p[^"]*)"', page)
    assert links and all(f"g={t['ref_a']}" in link for link in links)
    assert 'href="/gesprekken"' in page  # Mijn gesprekken from the phone's steps
    assert f'data-live="/p/stand?g={t["ref_a"]}"' in page


def test_a_form_without_its_conversation_stores_nothing(app):
    """A page from before the second join posts without ?g=: nothing lands in the wrong conversation."""
    t = two_talks(app)
    response = t["parent"].post("/p/t/resultaat/2", {"text": "Waar hoort dit?"})
    assert response.status_code == 409 and "Welk gesprek?" in response.get_data(as_text=True)
    assert stored_texts(app) == {}


def test_leaving_one_conversation_keeps_the_other(app):
    t = two_talks(app)
    parent = t["parent"]
    assert parent.get(f"/p/stoppen?g={t['ref_a']}").status_code == 200
    assert parent.post(f"/p/stoppen?g={t['ref_a']}", {}).status_code == 200
    assert cookie_of(parent) and "." not in cookie_of(parent)  # one conversation left on the phone
    assert PHONE_LINK.findall(parent.get("/gesprekken").get_data(as_text=True)) == [t["ref_b"]]
    assert parent.get("/p").location == "/p/t/resultaat/1"
    assert parent.get(f"/p?g={t['ref_a']}").status_code == 403


def test_an_ended_conversation_drops_off_the_phone(app):
    t = two_talks(app)
    assert t["piet"].post(t["f_b"] + "weg", {"sure": "y"}).status_code in (200, 303)
    page = visible(t["parent"].get("/gesprekken").get_data(as_text=True))
    assert "Gesprek over Sam" in page and "Gesprek over Noor" not in page
    assert "." not in cookie_of(t["parent"])  # the cookie forgot it too


def test_the_poll_of_each_conversation_answers_for_that_conversation(app):
    t = two_talks(app)
    parent = t["parent"]
    versions = {}
    for ref in (t["ref_a"], t["ref_b"]):
        fast, normal, used = both_answers(app, parent.client, f"/p/stand?g={ref}")
        assert used and fast.status_code == 200 and fast.get_data() == normal.get_data()
        versions[ref] = fast.json["version"]
    with app.app_context():
        expected = dict(db.session.execute(select(Conversation.title, Conversation.version)).all())
    assert versions == {t["ref_a"]: expected["Gesprek over Sam"], t["ref_b"]: expected["Gesprek over Noor"]}
    # Several conversations and none named: Flask answers, for the newest.
    fast, normal, used = both_answers(app, parent.client, "/p/stand")
    assert not used and fast.status_code == 200 and fast.json["version"] == expected["Gesprek over Noor"]
    fast, normal, used = both_answers(app, parent.client, "/p/stand?g=0000000000")
    assert fast.status_code == normal.status_code == 403


def test_tampered_cookies_count_as_none(app):
    t = two_talks(app)
    stranger = Phone(app, "stranger")
    for value in ("x", "not-a-token!", "a" * 3000, "....", "%00", '"' + "b" * 30 + '"', new_token() + ".<script>"):
        stranger.client.set_cookie(PARTICIPANT_COOKIE, value)
        stranger.client.set_cookie(FACILITATOR_COOKIE, value)
        assert stranger.get("/p").status_code == 403
        assert stranger.get("/p/stand").status_code == 403
        page = stranger.get("/gesprekken")
        assert page.status_code == 200
        assert "Je doet nu niet mee met een gesprek." in page.get_data(as_text=True)
        assert "Je bent hier nog geen gesprek begonnen." in page.get_data(as_text=True)
    # A facilitator cookie with one character changed: its signature no longer fits.
    laptop_cookie = t["anna"].client.get_cookie(FACILITATOR_COOKIE).value
    changed = laptop_cookie[:5] + ("A" if laptop_cookie[5] != "A" else "B") + laptop_cookie[6:]
    stranger.client.set_cookie(FACILITATOR_COOKIE, changed)
    page = stranger.get("/gesprekken").get_data(as_text=True)
    assert "Gesprek over Sam" not in page and "/f/" not in page
    # A ref this phone does not hold: not joined.
    assert t["parent"].get("/p/themas?g=ffffffffff").status_code == 403
    assert t["parent"].get("/p/themas?g=%FF").status_code == 403


def test_a_laptop_finds_its_three_conversations_back(app):
    laptop, parent = Phone(app, "laptop"), Phone(app, "parent")
    urls = {}
    for title in ("Gesprek over Sam", "Gesprek over Noor", "Gesprek over Jip"):
        urls[title] = start(laptop, title=title)
    code, f_sam = urls["Gesprek over Sam"]
    set_agenda(laptop, f_sam, "resultaat")
    join(parent, code, role="parent")
    answer_theme(parent, "resultaat", choice="doel")
    (doel,) = proposal_cards(parent.get("/p/t/resultaat/samen").get_data(as_text=True))
    assert laptop.post(f_sam + "t/resultaat", {"proposal": doel, "confirmed": "y", "who": "together",
                                               "when": "week"}).status_code == 303
    assert laptop.post(f_sam + "terugblik", {"day": LOOKBACK_DAY.isoformat()}).status_code == 303

    page = laptop.get("/gesprekken").get_data(as_text=True)
    text = visible(page)
    assert text.index("Gesprek over Jip") < text.index("Gesprek over Noor") < text.index("Gesprek over Sam")
    lead = visible(page.split('id="lead-h"', 1)[1])
    assert "1 afspraak" in lead and "0 afspraken" in lead
    assert f"Terugblik op {dutch_date(LOOKBACK_DAY)}" in lead and "Nog geen datum voor de terugblik" in lead
    for _code, f_url in urls.values():
        path = f_url.replace("http://localhost", "")
        assert f'href="{path}"' in page
        assert laptop.get(path).status_code == 200
    # The conversations this laptop leads are not listed twice under "Hier doe je mee".
    assert PHONE_LINK.findall(page) == []
    assert page.count("Gesprek over Sam") == 1
    # The home page leads there.
    assert 'href="/gesprekken"' in laptop.get("/").get_data(as_text=True)


def test_removing_from_the_list_keeps_the_conversation(app):
    laptop = Phone(app, "laptop")
    _code, f_noor = start(laptop, title="Gesprek over Noor")
    start(laptop, title="Gesprek over Jip")
    page = laptop.get("/gesprekken").get_data(as_text=True)
    ref = re.search(r'id="m-([0-9a-f]{10})">\s*<strong><bdi dir="auto">Gesprek over Noor', page)[1]
    assert laptop.post("/gesprekken/vergeten", {"ref": ref}).location == "/gesprekken"
    page = visible(laptop.get("/gesprekken").get_data(as_text=True))
    assert "Gesprek over Jip" in page and "Gesprek over Noor" not in page
    assert laptop.get(f_noor).status_code == 200  # the conversation is still there, its link still works
    with app.app_context():
        assert db.session.scalar(select(Conversation.id).where(Conversation.title == "Gesprek over Noor"))
    # Twice, or a ref that is not on the list: nothing changes.
    assert laptop.post("/gesprekken/vergeten", {"ref": ref}).status_code == 303
    assert "Gesprek over Jip" in visible(laptop.get("/gesprekken").get_data(as_text=True))


def test_the_lists_are_bounded(app):
    laptop = Phone(app, "laptop")
    for n in range(MAX_LEAD_CONVERSATIONS + 1):
        start(laptop, title=f"Gesprek {n}")
    page = visible(laptop.get("/gesprekken").get_data(as_text=True))
    assert "Gesprek 0 " not in page + " " and f"Gesprek {MAX_LEAD_CONVERSATIONS} " in page + " "
    assert len(laptop.client.get_cookie(FACILITATOR_COOKIE).value) < 4000
    assert len(cookie_of(laptop).split(".")) == 20  # the phone side keeps the newest 20
