"""The merged view is kept per conversation version (versioncache): what a person sees after a write is never old."""

from __future__ import annotations

import re

from conftest import Phone, answer_theme, between, join, set_agenda, start, visible, vote

from praatplaat import listview, results
from praatplaat.db import db
from praatplaat.models import Conversation

PROPOSAL = re.compile(r'id="p-(\w+)"')
AYSE = "Ouder of verzorger (Ayse)"


def _merged(phone: Phone) -> str:
    response = phone.get("/p/t/resultaat/samen")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _strengths(page: str) -> str:
    return between(visible(page), "Waar zijn we al goed in?", "Hoe zou dat beter kunnen?")


def test_the_merged_view_changes_with_every_answer_and_vote(app):
    teacher, parent = Phone(app, "teacher"), Phone(app, "parent")
    code, f_url = start(teacher)
    join(parent, code, role="parent", nickname="Ayse")
    set_agenda(teacher, f_url, "resultaat")
    answer_theme(teacher, "resultaat", strengths="Ze leest veel", choice="doel")
    answer_theme(parent, "resultaat", strengths="Ze helpt thuis", choice="doel")

    page = _merged(parent)
    assert "Ze helpt thuis" in _strengths(page) and visible(_merged(parent)) == visible(page)  # the same again
    with app.app_context():  # and it came from memory: the same object at the same version
        conversation = db.session.scalar(db.select(Conversation))
        theme = results.theme_of(conversation, "resultaat")
        assert listview.theme_summary(conversation, theme, False) is listview.theme_summary(conversation, theme,
                                                                                             False)
        db.session.remove()

    # An answer changes: the next view shows it, to the one who wrote it and to the others.
    assert parent.post("/p/t/resultaat/2", {"text": "Ze fietst zelf naar school"}).status_code == 303
    for phone in (parent, teacher):
        strengths = _strengths(_merged(phone))
        assert "Ze fietst zelf naar school" in strengths and "Ze helpt thuis" not in strengths
    assert "Ze fietst zelf naar school" in visible(teacher.get(f_url + "t/resultaat").get_data(as_text=True))

    # A vote: the next view counts it; a changed vote moves it.
    (key,) = set(PROPOSAL.findall(_merged(parent)))
    assert "Eens:" not in visible(_merged(parent))
    vote(parent, "resultaat", key)
    assert f"Eens: {AYSE}" in visible(_merged(teacher))
    vote(parent, "resultaat", key, agree=False)
    seen = visible(_merged(parent))
    assert f"Nog niet: {AYSE}" in seen and f"Eens: {AYSE}" not in seen
    vote(teacher, "resultaat", key)
    vote(parent, "resultaat", key)
    assert "Iedereen is het eens" in visible(_merged(parent))


def test_a_parent_evening_counts_each_vote_at_once(app):
    teacher = Phone(app, "teacher")
    code, f_url = start(teacher, mode="evening")
    set_agenda(teacher, f_url, "resultaat")
    parents = [Phone(app, f"parent{n}") for n in range(3)]
    for phone in parents:
        join(phone, code, role="parent")
        answer_theme(phone, "resultaat", scale="fair", choice="doel")
    (key,) = set(PROPOSAL.findall(_merged(parents[0])))
    for n, phone in enumerate(parents, 1):
        vote(phone, "resultaat", key)
        for reader in parents:
            agreed = "1 mens is het eens" if n == 1 else f"{n} mensen zijn het eens"
            assert f"{agreed} · 0 mensen zijn het nog niet eens" in visible(_merged(reader))
