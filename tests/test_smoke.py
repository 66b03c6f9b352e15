"""The whole conversation once, quickly, through the Flask test client."""

from __future__ import annotations

import re

from conftest import answer_theme, join, set_agenda, start


def test_two_people_reach_an_agreement(phones):
    teacher, parent, _ = phones
    code, f_url = start(teacher)
    join(parent, code, role="parent", nickname="Ayse")
    set_agenda(teacher, f_url, "resultaat")
    answer_theme(teacher, "resultaat", scale="good", choice="doel", who="together", when="week")
    answer_theme(parent, "resultaat", scale="better", choice="doel", who="together", when="week")
    page = parent.get("/p/t/resultaat/samen").get_data(as_text=True)
    assert "Jullie zien dit verschillend. Begin hier." in page
    key = re.search(r'name="proposal" value="(\w+)"', page).group(1)
    for phone in (teacher, parent):
        assert phone.post("/p/t/resultaat/samen", {"proposal": key, "agree": "yes"}).status_code == 303
    listing = parent.get("/p/lijst.txt").get_data(as_text=True)
    done = listing.split("Dit gaan we doen:")[1].split("Hier praten we nog over:")[0]
    assert "Een doel voor het kind kiezen en opschrijven." in done
    assert "Wie: Samen" in done
