"""The whole conversation: opening, decks with their own lists, the youth's wording, looking back."""

from __future__ import annotations

import re

import pytest
from conftest import Phone, answer_theme, join, set_agenda, start, visible

from praatplaat.decks import all_decks


def agree_all(phones, key):
    page = phones[0].get(f"/p/t/{key}/samen").get_data(as_text=True)
    keys = re.findall(r'name="proposal" value="(\w+)"', page)
    assert keys
    for phone in phones:
        for proposal in keys:
            assert phone.post(f"/p/t/{key}/samen", {"proposal": proposal, "agree": "yes"}).status_code == 303
    return keys


def test_opening_goals_are_merged_and_on_the_list(app):
    teacher, parent = Phone(app), Phone(app)
    teacher.get("/")
    response = teacher.post("/start", {"start-deck": "praatplaat", "start-role": "professional",
                                       "start-mode": "table", "start-opening": "y"})
    f_url = response.location.split("?")[0]
    code = re.search(r'class="code" dir="ltr">(\w+)<', teacher.get(f_url).get_data(as_text=True))[1]
    join(parent, code)
    assert parent.get("/p").location == "/p/opening"
    parent.post("/p/opening", {"text": "Weten hoe het gaat met lezen"})
    teacher.post("/p/opening", {"text": "Samen een plan voor lezen"})
    page = parent.get("/p/opening").get_data(as_text=True)
    assert "Weten hoe het gaat met lezen" in page and "Samen een plan voor lezen" in page
    assert parent.get("/p").location == "/p/themas"
    set_agenda(teacher, f_url, "resultaat")
    assert "Samen een plan voor lezen" in parent.get("/p/lijst").get_data(as_text=True)
    assert "Weten hoe het gaat met lezen" in teacher.get(f_url).get_data(as_text=True)


def test_look_back_statuses_history_and_a_new_round(app):
    teacher, parent = Phone(app), Phone(app)
    code, f_url = start(teacher, title="Sam")
    join(parent, code)
    set_agenda(teacher, f_url, "resultaat", "afspraken")
    for phone in (teacher, parent):
        answer_theme(phone, "resultaat", choice="doel", who="together", when="week")
        answer_theme(phone, "afspraken", text="Elke maand een mail", who="me", when="next")
    first = agree_all([teacher, parent], "resultaat")[0]
    agree_all([teacher, parent], "afspraken")
    # the next meeting: how did it go?
    page = teacher.get(f_url + "terugkijken").get_data(as_text=True)
    assert "Een doel voor het kind kiezen en opschrijven." in page
    assert teacher.post(f_url + "terugkijken", {"proposal": first, "theme": "resultaat", "status": "done",
                                                "note": "Doel staat op papier"}).status_code == 303
    listing = visible(parent.get("/p/lijst").get_data(as_text=True))
    assert "Terugblik:" in listing and "Gedaan" in listing and "Doel staat op papier" in listing
    assert teacher.post(f_url + "terugkijken", {"proposal": first, "theme": "afspraken",
                                                "status": "done"}).status_code == 409
    assert teacher.post(f_url + "terugkijken", {"proposal": first, "theme": "resultaat",
                                                "status": "maybe"}).status_code == 400
    # participants rejoin with a new code
    teacher.post(f_url + "deelname", {"open": "0"})
    teacher.post(f_url + "deelname", {"open": "1"})
    new_code = re.search(r'class="code" dir="ltr">(\w+)<', teacher.get(f_url).get_data(as_text=True))[1]
    assert new_code != code and Phone(app).client.get(f"/j/{code}").status_code in (404, 410)
    assert Phone(app).client.get(f"/j/{new_code}").status_code == 200
    # a new round starts from here; the list keeps its history
    assert teacher.post(f_url + "nieuwe-ronde", {}).status_code == 303
    assert parent.get("/p").location == "/p/themas"
    listing = parent.get("/p/lijst").get_data(as_text=True)
    assert "Eerdere rondes" in listing and "Ronde 1" in listing and "Ronde 2" in listing
    history = listing.split("Eerdere rondes")[1]
    assert "Een doel voor het kind kiezen en opschrijven." in history and "Gedaan" in history
    assert "Elke maand een mail" in history
    data = teacher.get(f_url + "export.json").get_json()
    assert data["round"] == 2 and data["themes"] == []
    old = data["history"][0]
    assert old["round"] == 1
    agreements = [a for t in old["list"]["themes"] for a in t["agreements"]]
    assert {a["review"]["status"] for a in agreements if a["review"]} == {"done"}
    assert any(a["review"] and a["review"]["note"] == "Doel staat op papier" for a in agreements)


def test_samen_beslissen_has_an_information_section(app):
    deck = all_decks().get("samen-beslissen")
    if deck is None:
        pytest.fail("the samen-beslissen deck file is missing")
    teacher, parent, youth = Phone(app), Phone(app), Phone(app)
    code, f_url = start(teacher, deck="samen-beslissen")
    join(parent, code, role="parent")
    join(youth, code, role="youth")
    set_agenda(teacher, f_url, "informatie", "wie-doet-wat")
    suggestion = deck.theme("informatie").suggestions[0]
    for phone in (teacher, parent, youth):
        answer_theme(phone, "informatie", choice=suggestion.key)
        answer_theme(phone, "wie-doet-wat", text="Moeder belt de school", who="me", when="week")
    agree_all([teacher, parent, youth], "informatie")
    agree_all([teacher, parent, youth], "wie-doet-wat")
    listing = parent.get("/p/lijst").get_data(as_text=True)
    section = listing.split(deck.sections[0].title)[1]
    assert suggestion.text in section.split("</section>")[0]
    assert "Moeder belt de school" not in section.split("</section>")[0]
    data = teacher.get(f_url + "export.json").get_json()
    assert data["sections"][0]["themes"] == ["informatie"]
    # the young person reads the deck's own, simpler wording
    youth_question = deck.question("youth", "scale")
    assert youth_question and youth_question in youth.get("/p/t/informatie/1").get_data(as_text=True)
    assert youth_question not in parent.get("/p/t/informatie/1").get_data(as_text=True)


def test_team_scan_is_for_professionals_and_shows_the_spread(app):
    deck = all_decks().get("teamscan")
    if deck is None:
        pytest.fail("the teamscan deck file is missing")
    lead, colleagues = Phone(app), [Phone(app) for _ in range(3)]
    code, f_url = start(lead, deck="teamscan")
    join_page = colleagues[0].get(f"/j/{code}").get_data(as_text=True)
    assert 'value="parent"' not in join_page and 'value="professional"' in join_page
    response = colleagues[0].post(f"/j/{code}", {"language": "nl", "role": "parent"})
    assert response.status_code == 400
    for phone in colleagues:
        join(phone, code, role="professional")
    first = deck.themes[0]
    set_agenda(lead, f_url, first.key)
    for phone, scale in zip([lead, *colleagues], ["good", "good", "fair", "better"], strict=True):
        answer_theme(phone, first.key, scale=scale, choice=first.suggestions[0].key)
    page = lead.get(f"/p/t/{first.key}/samen").get_data(as_text=True)
    spread = page.split('class="spread"')[1].split("</p>")[0]
    assert [int(n) for n in re.findall(r"<strong>(\d+)</strong>", spread)] == [2, 1, 1, 0]
    assert deck.question("professional", "scale") in lead.get(f"/p/t/{first.key}/1").get_data(as_text=True)
    agree_all([lead, *colleagues], first.key)
    assert first.suggestions[0].text in lead.get("/p/lijst.txt").get_data(as_text=True)
