"""Who may do what: facilitator powers need the secret link, conversations are sealed off from each other,
phones that have not joined see nothing, and looking (GET) never changes anything."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from conftest import (
    PAGES,
    PHONES,
    PLANNED_DAY,
    Phone,
    all_rows,
    answer_theme,
    cookie_of,
    full_conversation,
    join,
    pages_of,
    proposal_cards,
    set_agenda,
    start,
)

from praatplaat.cookies import PARTICIPANT_COOKIE
from praatplaat.db import db
from praatplaat.models import AgendaItem, Answer, Conversation, Pick, Vote
from praatplaat.tokens import token_hash

# The facilitator's pages (after /f/<token>/), and actions with form data that would change something.
FACILITATOR_PAGES = ["", "t/resultaat", "lijst.txt", "lijst/tweetalig?taal=nl", "export.json", "terugblik.ics",
                     "terugkijken", "afsluiting", "scherm", "scherm/stand"]
FACILITATOR_ACTIONS = [
    ("post", "agenda", {"pos-kind": "1"}),
    ("post", "t/resultaat/sluiten", {"closed": "1"}),
    ("post", "t/resultaat", {"proposal": "{doel}", "confirmed": "y", "who": "together", "when": "next"}),
    ("post", "deelname", {"open": "0"}),
    ("post", "terugblik", {"day": PLANNED_DAY.isoformat()}),
    ("post", "deelnemer/{parent_id}/weg", {}),
    ("post", "terugkijken", {"proposal": "{doel}", "theme": "resultaat", "status": "done"}),
    ("post", "nieuwe-ronde", {}),
    ("post", "scherm/toon", {"view": "blank"}),
    ("post", "scherm/talen", {"lang": "en"}),
    ("post", "antwoord/{answer_id}/scherm", {"show": "1", "theme": "resultaat"}),
    ("post", "weg", {"sure": "y"}),
]
# Words that only conversation A has: none of them may show on a page of conversation B.
A_MARKERS = ("Gesprek over Sam", "Ayse", "Sterk volgens", "Idee van", "Huiswerk", "Twee keer per week",
             "Mag ik de lijst mailen", "Half af")


def fill(template: str, values: dict) -> str:
    return template.format(**values) if "{" in template else template


def request(phone: Phone, method: str, url: str, data: dict | None):
    if method == "get":
        return phone.get(url)
    return phone.post(url, dict(data or {}))


@pytest.fixture
def a(app):
    """Conversation A (see full_conversation), plus an answer id, its secret and the hash stored for it."""
    conversation = full_conversation(app)
    with app.app_context():
        conversation["answer_id"] = db.session.scalar(
            sa.select(Answer.id).where(Answer.text == "Idee van parent"))
        conversation["secret"] = conversation["f_url"].removeprefix("/f/").strip("/")
        conversation["stored_hash"] = db.session.scalar(sa.select(Conversation.facilitator_hash))
    return conversation


@pytest.fixture
def b(app, a):
    """Conversation B next to A: its own teacher and parent, the same theme on the agenda, other answers."""
    teacher, parent = Phone(app, "teacher-b"), Phone(app, "parent-b")
    code, f_url = start(teacher, title="Gesprek over Noor")
    join(parent, code, role="parent", nickname="Bram")
    set_agenda(teacher, f_url, "resultaat")
    for phone in (teacher, parent):
        answer_theme(phone, "resultaat", strengths="Sterk in B", choice="wat-werkt", who="together",
                     when="week")
    return {"teacher": teacher, "parent": parent, "code": code, "f_url": f_url}


# --- facilitator powers need the secret link ------------------------------------------------------

def wrong_tokens(a: dict) -> dict[str, str]:
    secret = a["secret"]
    return {
        "garbage": "garbage",
        "one character off": secret[:-1] + ("A" if secret[-1] != "A" else "B"),
        "other case": secret.swapcase(),
        "cut short": secret[:-2],
        "the parent's own cookie": cookie_of(a["parent"]),
        "the stored hash": a["stored_hash"],
    }


def check_needs_the_secret(app, a: dict, method: str, path: str, data: dict | None) -> None:
    """Every wrong token gets 404 and changes nothing; the real secret gets through."""
    data = {k: fill(v, a) for k, v in (data or {}).items()}
    before = all_rows(app)
    for name, token in wrong_tokens(a).items():
        response = request(a["parent"], method, f"/f/{token}/" + fill(path, a), data)
        assert response.status_code == 404, (path, name)
        assert "Niet gevonden" in response.get_data(as_text=True), (path, name)
    assert all_rows(app) == before, path
    # the same request with the real secret does get through (so the refusals above were about the token)
    response = request(a["teacher"], method, a["f_url"] + fill(path, a), data)
    assert response.status_code in (200, 303), (path, response.get_data(as_text=True)[-1500:])
    if method == "post":
        assert all_rows(app) != before, path


def test_facilitator_pages_need_the_secret(app, a):
    for path in FACILITATOR_PAGES:
        check_needs_the_secret(app, a, "get", path, None)


@pytest.mark.parametrize(("method", "path", "data"), FACILITATOR_ACTIONS,
                         ids=[path for _, path, _ in FACILITATOR_ACTIONS])
def test_facilitator_actions_need_the_secret(app, a, method, path, data):
    check_needs_the_secret(app, a, method, path, data)


def test_the_secret_link_never_reaches_a_parents_phone(a):
    for _, url in [p for p in PAGES if p[0] == "parent"]:
        text = a["parent"].get(fill(url, a)).get_data(as_text=True)
        assert a["secret"] not in text and "/f/" not in text, url


def test_the_facilitators_own_phone_links_back_to_the_dashboard(a):
    assert f'href="{a["f_url"]}"' in a["teacher"].get("/p/themas").get_data(as_text=True)


# --- nothing of conversation A with the code or cookie of conversation B --------------------------

# What B's people can look at, and the words of B that show it is B's conversation.
B_PAGES = {
    "parent": [("/p/themas", "Gesprek over Noor"), ("/p/t/resultaat/2", "Sterk in B"),
               ("/p/t/resultaat/5", "Gesprek over Noor"), ("/p/t/resultaat/samen", "Sterk in B"),
               ("/p/lijst", "Sterk in B"), ("/p/lijst.txt", "Sterk in B"),
               ("/p/lijst/tweetalig", "Sterk in B"), ("/p/afsluiting", "Gesprek over Noor")],
    "teacher": [("{f_url}", "Bram"), ("{f_url}t/resultaat", "Sterk in B"), ("{f_url}lijst.txt", "Sterk in B"),
                ("{f_url}export.json", "Sterk in B"), ("{f_url}afsluiting", "Bram"),
                ("{f_url}terugkijken", "Gesprek over Noor"), ("{f_url}scherm", "{code}")],
    "stranger": [("/j/{code}", "Gesprek over Noor")],
}


@pytest.mark.parametrize("who", B_PAGES)
def test_b_sees_only_b(a, b, who):
    phone = a["stranger"] if who == "stranger" else b[who]
    for url, of_b in B_PAGES[who]:
        response = phone.get(url.format(**b))
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        assert of_b.format(**b) in text, url
        for marker in A_MARKERS:
            assert marker not in text, (url, marker)


@pytest.mark.parametrize("proposal", ["doel", "own_proposal"])
def test_b_cannot_vote_on_a_proposal_of_a(app, a, b, proposal):
    before = all_rows(app)
    response = b["parent"].post("/p/t/resultaat/samen", {"proposal": a[proposal], "agree": "yes"})
    assert response.status_code == 409
    assert "Dit voorstel bestaat niet meer." in response.get_data(as_text=True)
    assert all_rows(app) == before
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote).where(
            Vote.proposal_key == a[proposal])) == (3 if proposal == "doel" else 1)  # A's own votes only


@pytest.mark.parametrize(("method", "path", "data"), [
    ("get", "/p/t/{own}/1", None),
    ("get", "/p/t/{own}/samen", None),
    ("post", "/p/t/{own}/1", {"scale": "good"}),
    ("post", "/p/t/{own}/5", {"choice": "own", "text": "Iets", "who": "me", "when": "week"}),
    ("post", "/p/t/{own}/samen", {"proposal": "{own_proposal}", "agree": "yes"}),
])
def test_own_themes_of_a_are_not_found_from_b(app, a, b, method, path, data):
    before = all_rows(app)
    response = request(b["parent"], method, fill(path, a), {k: fill(v, a) for k, v in (data or {}).items()})
    assert response.status_code == 404
    assert "Niet gevonden" in response.get_data(as_text=True)
    assert all_rows(app) == before


def test_b_cannot_pick_or_put_on_its_agenda_a_theme_of_a(app, a, b):
    assert b["parent"].post("/p/themas", {"themes": ["resultaat", a["own"]]}).status_code == 400  # not a choice
    response = b["teacher"].post(b["f_url"] + "agenda", {"pos-resultaat": "1", f"pos-{a['own']}": "2"})
    assert response.status_code == 303
    with app.app_context():
        picked_by_others = list(db.session.scalars(
            sa.select(Pick.theme_key).where(Pick.participant_id != a["parent_id"])))
        agendas = list(db.session.scalars(sa.select(AgendaItem.theme_key)))
    assert a["own"] not in picked_by_others
    assert agendas.count(a["own"]) == 1  # on A's agenda only
    text = b["parent"].get("/p/themas").get_data(as_text=True)
    assert "Huiswerk" not in text
    assert b["teacher"].get(b["f_url"] + f"t/{a['own']}").status_code == 404


@pytest.mark.parametrize(("path", "data", "status"), [
    ("deelnemer/{parent_id}/weg", {}, 404),
    ("antwoord/{answer_id}/scherm", {"show": "1", "theme": "resultaat"}, 404),
    ("t/resultaat", {"proposal": "{doel}", "confirmed": "y", "who": "together", "when": "next"}, 409),
    ("t/resultaat", {"proposal": "{own_proposal}", "confirmed": "y", "who": "together", "when": "next"}, 409),
    ("terugkijken", {"proposal": "{doel}", "theme": "resultaat", "status": "stop"}, 409),
    ("t/{own}/sluiten", {"closed": "1"}, 404),
])
def test_bs_secret_link_cannot_touch_a(app, a, b, path, data, status):
    before = all_rows(app)
    response = b["teacher"].post(b["f_url"] + fill(path, a), {k: fill(v, a) for k, v in data.items()})
    assert response.status_code == status
    assert all_rows(app) == before


# --- phones that have not joined ------------------------------------------------------------------

PARTICIPANT_PAGES = ["/p", "/p/opening", "/p/themas", "/p/t/resultaat/1", "/p/t/resultaat/samen", "/p/stand",
                     "/p/lijst", "/p/lijst/tweetalig", "/p/lijst.txt", "/p/afsluiting", "/p/stoppen"]
PARTICIPANT_ACTIONS = [
    ("post", "/p/opening", {"text": "Doel"}), ("post", "/p/themas", {"themes": ["kind"]}),
    ("post", "/p/themas/eigen", {"own-title": "Iets"}), ("post", "/p/t/resultaat/1", {"scale": "good"}),
    ("post", "/p/t/resultaat/samen", {"proposal": "{doel}", "agree": "no"}),
    ("post", "/p/afsluiting", {"experience": "good"}), ("post", "/p/stoppen", {}),
]


@pytest.fixture
def small(app):
    """A conversation with a theme on the agenda and one proposal: enough for a phone that has not joined."""
    teacher, parent = Phone(app, "teacher"), Phone(app, "parent")
    code, f_url = start(teacher)
    join(parent, code)
    set_agenda(teacher, f_url, "resultaat")
    answer_theme(parent, "resultaat", choice="doel")
    (doel,) = proposal_cards(parent.get("/p/t/resultaat/samen").get_data(as_text=True))
    return {"parent": parent, "secret": f_url.removeprefix("/f/").strip("/"), "doel": doel,
            "parent_cookie_hash": token_hash(cookie_of(parent))}


def check_join_first(app, small: dict, method: str, path: str, data: dict | None) -> None:
    """Phones that did not join get the "join first" page and change nothing; the joined phone gets through."""
    data = {k: fill(v, small) if isinstance(v, str) else v for k, v in (data or {}).items()}
    before = all_rows(app)
    # no cookie, a made-up one, the facilitator's secret, and the hash that is stored for a real participant
    for cookie in (None, "garbage", small["secret"], small["parent_cookie_hash"]):
        phone = Phone(app, "new phone")
        if cookie:
            phone.client.set_cookie(PARTICIPANT_COOKIE, cookie)
        response = request(phone, method, path, data)
        assert response.status_code == 403, (path, cookie)
        assert "Je doet nog niet mee" in response.get_data(as_text=True), (path, cookie)
    assert all_rows(app) == before, path
    assert request(small["parent"], method, path, data).status_code in (200, 303), path


def test_without_joining_the_phone_pages_say_join_first(app, small):
    for path in PARTICIPANT_PAGES:
        check_join_first(app, small, "get", path, None)


@pytest.mark.parametrize(("method", "path", "data"), PARTICIPANT_ACTIONS,
                         ids=[path for _, path, _ in PARTICIPANT_ACTIONS])
def test_without_joining_the_phone_actions_are_refused(app, small, method, path, data):
    check_join_first(app, small, method, path, data)


# --- codes ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("code", ["ZZZZZZ", "ÄÖÜ123"])
def test_an_unknown_code_gets_a_clear_404(app, method, code):
    start(Phone(app))
    stranger = Phone(app)
    before = all_rows(app)
    response = request(stranger, method, f"/j/{code}", {"language": "nl", "role": "parent"})
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "We kennen deze code niet. Kijk of je de code goed hebt getypt." in text
    assert "Naar de startpagina" in text
    assert all_rows(app) == before


def test_closed_joining_gets_410_and_reopening_gives_a_new_code(app):
    teacher, late = Phone(app, "teacher"), Phone(app, "late")
    code, f_url = start(teacher)
    assert teacher.post(f_url + "deelname", {"open": "0"}).status_code == 303
    before = all_rows(app)
    for response in (late.get(f"/j/{code}"), late.post(f"/j/{code}", {"language": "nl", "role": "parent"}),
                     late.post("/code", {"join-code": code})):
        assert response.status_code == 410
        assert "Bij dit gesprek kun je niet meer aansluiten." in response.get_data(as_text=True)
    assert all_rows(app) == before
    assert teacher.post(f_url + "deelname", {"open": "1"}).status_code == 303
    with app.app_context():
        new_code = db.session.scalar(sa.select(Conversation.join_code))
    assert new_code != code
    assert late.get(f"/j/{code}").status_code == 404
    join(late, new_code)
    assert late.get("/p").location == "/p/themas"


# --- looking never changes anything ---------------------------------------------------------------

@pytest.mark.parametrize("who", PHONES)
def test_get_requests_never_change_the_database(app, a, who):
    for url in pages_of(who):
        before = all_rows(app)
        for _ in range(2):  # also when the same page is looked at again
            response = a[who].client.get(fill(url, a))
            assert response.status_code in (200, 303, 403, 404), (url, response.status_code)
            response.close()
        assert all_rows(app) == before, url

