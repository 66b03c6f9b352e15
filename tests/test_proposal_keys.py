"""The vote's cheap check (proposal_keys.py) knows exactly the proposals the merged view shows."""

from __future__ import annotations

from datetime import date

from conftest import Phone, join, set_agenda, start, vote

from praatplaat import operations, results
from praatplaat.db import db
from praatplaat.models import Conversation, Participant
from praatplaat.proposal_keys import is_proposal, proposal_keys


def _propose(participant, **fields):
    base = {"template": None, "text": "", "who": "together", "when": "next", "when_date": None}
    operations.save_answer(participant, "resultaat", "proposal", language="nl", **{**base, **fields})


def test_keys_are_the_merged_views_keys(app):
    with app.app_context():
        conversation, _f, _p = operations.start_conversation("praatplaat", "Keys", "nl", 12)
        operations.set_agenda(conversation, ["resultaat", "kind"])
        roles = operations.roles_for("praatplaat")
        people = [operations.join(conversation, roles[n % len(roles)], f"p{n}", "nl")[0] for n in range(5)]
        _propose(people[0], template="doel")
        _propose(people[1], template="doel", who="me")
        _propose(people[2], text="  Elke week   bellen. ", who="other")
        _propose(people[3], text="elke week bellen", who="other", when="date", when_date=date(2030, 1, 2))
        _propose(people[4], text="   ")  # empty: no proposal
        operations.save_answer(people[4], "resultaat", "ideas", language="nl", text="geen voorstel")
        expected = {p.key for p in results.theme_result(conversation, "resultaat").proposals}
        assert len(expected) == 4
        assert proposal_keys(conversation, "resultaat") == expected
        assert proposal_keys(conversation, "kind") == set() == {
            p.key for p in results.theme_result(conversation, "kind").proposals}
        # "the other" depends on who is present: a new role changes the keys, in both.
        db.session.add(Participant(conversation_id=conversation.id, token_hash="x" * 64, role="child",
                                   created_at=operations.utcnow()))
        db.session.commit()
        conversation = db.session.get(Conversation, conversation.id)
        expected = {p.key for p in results.theme_result(conversation, "resultaat").proposals}
        assert proposal_keys(conversation, "resultaat") == expected
        assert not is_proposal(conversation, "resultaat", "0" * 32)
        assert not is_proposal(conversation, "resultaat", None)


def test_a_vote_for_an_unknown_proposal_is_refused(app):
    facilitator, parent = Phone(app, "facilitator"), Phone(app, "parent")
    code, f_url = start(facilitator)
    join(parent, code)
    set_agenda(facilitator, f_url, "resultaat")
    for number, data in enumerate([{"scale": "good", "text": ""}, {"text": ""}, {"text": ""}, {"text": ""},
                                   {"choice": "doel", "text": "", "who": "together", "when": "next"}], 1):
        assert parent.post(f"/p/t/resultaat/{number}", data).status_code == 303
    with app.app_context():
        conversation = db.session.scalars(db.select(Conversation)).one()
        (key,) = proposal_keys(conversation, "resultaat")
    vote(parent, "resultaat", key)
    response = parent.post("/p/t/resultaat/samen", {"proposal": "0" * 32, "agree": "yes"})
    assert response.status_code == 409
