"""One afsprakenlijst, many renderings: the page, the plain text, the print and the JSON agree."""

from __future__ import annotations

import json

from conftest import full_conversation, visible

DOEL_NL = "Een doel voor het kind kiezen en opschrijven."
DOEL_EN = "Choose a goal for the child and write it down."
OWN_WORDS = "Twee keer per week huiswerk"


def test_every_rendering_of_the_list_shows_the_same_agreements(app):
    c = full_conversation(app)
    parent, teacher = c["parent"], c["teacher"]
    parent.post("/taal", {"lang": "en", "next": "/p/lijst"})

    page = visible(parent.get("/p/lijst").get_data(as_text=True))
    text = parent.get("/p/lijst.txt").get_data(as_text=True)
    for rendering in (page, text):
        assert DOEL_EN in rendering and DOEL_NL not in rendering  # the deck's words, in the reader's language
        assert OWN_WORDS in rendering and "Huiswerk" in rendering  # a person's own words, as written

    printed = visible(parent.get("/p/lijst/tweetalig").get_data(as_text=True))
    assert DOEL_EN in printed and DOEL_NL in printed and printed.count(OWN_WORDS) == 2

    data = json.loads(teacher.get(c["f_url"] + "export.json").get_data(as_text=True))
    (resultaat, own) = data["themes"]
    assert resultaat["agreements"][0]["what"] == DOEL_NL  # the file keeps the deck's source text
    assert resultaat["agreements"][0]["review"]["note"] == "Half af" and "Half af" in page
    assert own["title"] == "Huiswerk" and own["to_discuss"][0]["what"] == OWN_WORDS
    assert own["to_discuss"][0]["review"] is None
