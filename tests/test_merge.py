"""The merge rules as pure functions: differences flagged, proposals merged, consensus, overrides."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from praatplaat.merge import (
    Override,
    Person,
    ProposalInput,
    apply_votes,
    consensus,
    merge_proposals,
    normalise,
    resolve_who,
    taking_part,
    theme_result,
    views_differ,
)

TEACHER = Person(1, "professional")
PARENT = Person(2, "parent", "Ayse")
YOUTH = Person(3, "youth")
TABLE = (TEACHER, PARENT, YOUTH)
ROLES = [p.role for p in TABLE]


def proposal(person: Person, template: str | None = None, text: str = "", who: str = "together",
             when: str = "next", when_date: date | None = None) -> ProposalInput:
    return ProposalInput(person, template, text, who, when, when_date)


# --- views_differ ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("scales", "differ"), [
    (["good", "better"], True),  # two steps apart: "gaat goed" and "kan beter"
    (["better", "good"], True),
    (["good", "fair", "better"], True),
    (["good", "fair"], False),  # one step apart
    (["fair", "better"], False),  # one step apart: not flagged
    (["good", "good"], False),
    (["good", "unknown"], False),  # "weet ik niet" has no place on the line
    (["better", "unknown", "unknown"], False),
    (["good", None, "better"], True),  # a missing answer is ignored
    (["good", "nonsense"], False),
    (["good"], False),  # one person cannot differ
    (["unknown"], False),
    ([], False),
])
def test_views_differ(scales, differ):
    assert views_differ(scales) is differ


def test_views_differ_takes_any_iterable():
    assert views_differ(s for s in ("good", "better")) is True


# --- normalise ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("Elke week bellen", "elke week bellen"),
    ("  Elke   week\tbellen\n", "elke week bellen"),
    ("ELKE WEEK BELLEN.", "elke week bellen"),
    ("Elke week bellen!", "elke week bellen"),
    ("Straße", "strasse"),  # casefold, not just lower
    ("", ""),
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


# --- resolve_who ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "proposer", "present", "expected"), [
    ("me", "parent", ["professional", "parent"], "role:parent"),
    ("me", "professional", ["professional", "parent", "youth"], "role:professional"),
    ("other", "parent", ["professional", "parent"], "role:professional"),
    ("other", "professional", ["professional", "parent"], "role:parent"),
    ("other", "parent", ["professional", "parent", "parent"], "role:professional"),  # two parents
    ("other", "parent", ["professional", "parent", "youth"], "others"),
    ("other", "parent", ["parent"], "others"),  # nobody else: "de anderen"
    ("together", "parent", ["professional", "parent"], "together"),
    ("role:youth", "parent", ["professional", "parent"], "role:youth"),
])
def test_resolve_who(who, proposer, present, expected):
    assert resolve_who(who, proposer, present) == expected


# --- merge_proposals ------------------------------------------------------------------------------

def test_same_template_and_slots_is_one_proposal_with_both_proposers():
    merged = merge_proposals([proposal(TEACHER, "doel", when="week"), proposal(PARENT, "doel", when="week")],
                             ROLES)
    assert len(merged) == 1
    assert merged[0].template == "doel"
    assert merged[0].proposers == [TEACHER, PARENT]
    assert (merged[0].who, merged[0].when, merged[0].status) == ("together", "week", "open")


def test_same_words_after_normalising_case_and_spaces_is_one_proposal():
    merged = merge_proposals([proposal(PARENT, text="Elke week  bellen."),
                              proposal(TEACHER, text="  elke WEEK bellen")], ROLES)
    assert len(merged) == 1
    assert merged[0].template is None
    assert merged[0].text == "Elke week  bellen."  # the first person's words are shown
    assert merged[0].proposers == [PARENT, TEACHER]


def test_ik_and_de_ander_pointing_at_the_same_role_are_one_proposal():
    two = [TEACHER.role, PARENT.role]
    inputs = [proposal(PARENT, "doel", who="me"), proposal(TEACHER, "doel", who="other")]
    merged = merge_proposals(inputs, two)
    assert [(p.who, p.proposers) for p in merged] == [("role:parent", [PARENT, TEACHER])]


DOEL = {"template": "doel"}


@pytest.mark.parametrize(("first", "second"), [
    ({**DOEL, "who": "together"}, {**DOEL, "who": "me"}),
    ({**DOEL, "who": "me"}, {**DOEL, "who": "me"}),  # "ik" of two different people: two different roles
    ({**DOEL, "when": "week"}, {**DOEL, "when": "today"}),
    ({**DOEL, "when": "date", "when_date": date(2030, 5, 1)},
     {**DOEL, "when": "date", "when_date": date(2030, 5, 2)}),
    (DOEL, {"template": "wat-werkt"}),
    (DOEL, {"text": "Een doel voor het kind kiezen en opschrijven."}),  # a template is not its words
    ({"text": "Elke week bellen"}, {"text": "Elke maand bellen"}),
])
def test_different_who_when_or_what_stays_two_proposals(first, second):
    merged = merge_proposals([proposal(TEACHER, **first), proposal(PARENT, **second)], ROLES)
    assert len(merged) == 2
    assert [p.proposers for p in merged] == [[TEACHER], [PARENT]]
    assert len({p.key for p in merged}) == 2


def test_a_date_only_counts_when_the_moment_is_a_date():
    merged = merge_proposals([proposal(TEACHER, "doel", when="week", when_date=date(2030, 5, 1)),
                              proposal(PARENT, "doel", when="week")], ROLES)
    assert len(merged) == 1
    assert merged[0].when_date is None


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_proposals_are_ignored(text):
    merged = merge_proposals([proposal(TEACHER, text=text), proposal(PARENT, "doel")], ROLES)
    assert [(p.template, p.proposers) for p in merged] == [("doel", [PARENT])]


def test_merged_proposals_keep_the_order_first_proposed():
    merged = merge_proposals([proposal(TEACHER, "wat-werkt"), proposal(PARENT, "doel"),
                              proposal(YOUTH, "wat-werkt")], ROLES)
    assert [p.template for p in merged] == ["wat-werkt", "doel"]


# --- consensus ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("votes", "confirmed", "status"), [
    ({1: True, 2: True, 3: True}, False, "agreed"),  # all present agree
    ({1: True, 2: False, 3: True}, False, "open"),  # one "nog niet"
    ({1: True, 3: True}, False, "open"),  # one has not voted yet
    ({}, False, "open"),
    ({1: True, 2: True, 3: True, 99: False}, False, "agreed"),  # someone who left does not count
    ({1: True, 2: False}, True, "confirmed"),  # the facilitator's confirmation overrides
    ({}, True, "confirmed"),
])
def test_consensus(votes, confirmed, status):
    assert consensus(votes, [1, 2, 3], confirmed) == status


def test_consensus_needs_someone_present():
    assert consensus({}, []) == "open"


# --- apply_votes ----------------------------------------------------------------------------------

def merged_doel():
    return merge_proposals([proposal(TEACHER, "doel", when="week"), proposal(PARENT, "doel", when="week")],
                           ROLES)


def test_apply_votes_fills_in_who_agreed_and_the_status():
    proposals = merged_doel()
    key = proposals[0].key
    apply_votes(proposals, {key: {1: True, 2: False}}, TABLE, {})
    p = proposals[0]
    assert (p.agree, p.not_yet, p.status, p.settled, p.edited) == ([TEACHER], [PARENT], "open", False, False)
    apply_votes(proposals, {key: {1: True, 2: True, 3: True}}, TABLE, {})
    assert (p.agree, p.not_yet, p.status, p.settled) == ([TEACHER, PARENT, YOUTH], [], "agreed", True)


def test_override_changes_wording_who_and_when_and_keeps_the_votes():
    proposals = merged_doel()
    key = proposals[0].key
    override = Override(confirmed=False, text="Elke maandag mailen.", language="en", who="role:parent",
                        when="date", when_date=date(2030, 5, 1))
    apply_votes(proposals, {key: {1: True}}, TABLE, {key: override})
    p = proposals[0]
    assert (p.template, p.text, p.language) == (None, "Elke maandag mailen.", "en")
    assert (p.who, p.when, p.when_date) == ("role:parent", "date", date(2030, 5, 1))
    assert p.edited is True and p.status == "open" and p.agree == [TEACHER]
    assert p.key == key and p.proposers == [TEACHER, PARENT]


def test_override_of_only_who_keeps_the_suggestion_and_the_moment():
    proposals = merged_doel()
    apply_votes(proposals, {}, TABLE, {proposals[0].key: Override(who="role:youth")})
    p = proposals[0]
    assert (p.template, p.who, p.when, p.edited) == ("doel", "role:youth", "week", True)


def test_confirmed_override_settles_without_votes_and_is_not_an_edit():
    proposals = merged_doel()
    key = proposals[0].key
    apply_votes(proposals, {key: {2: False}}, TABLE, {key: Override(confirmed=True)})
    p = proposals[0]
    assert (p.status, p.settled, p.edited, p.not_yet) == ("confirmed", True, False, [PARENT])


def test_an_override_for_another_proposal_changes_nothing():
    proposals = merged_doel()
    apply_votes(proposals, {}, TABLE, {"someone-else": Override(confirmed=True, text="Iets anders")})
    assert (proposals[0].status, proposals[0].edited, proposals[0].template) == ("open", False, "doel")


def test_group_mode_waits_for_the_facilitator_even_when_all_agree():
    proposals = merged_doel()
    key = proposals[0].key
    apply_votes(proposals, {key: {1: True, 2: True, 3: True}}, TABLE, {}, group=True)
    assert proposals[0].status == "open"
    apply_votes(proposals, {key: {}}, TABLE, {key: Override(confirmed=True)}, group=True)
    assert proposals[0].status == "confirmed"


# --- everyone present: the people taking part in the theme (issue 13) ------------------------------

def test_waiting_lists_who_takes_part_and_has_not_chosen_yet():
    proposals = merged_doel()
    key = proposals[0].key
    apply_votes(proposals, {key: {2: True, 3: False}}, TABLE, {})
    p = proposals[0]
    assert (p.agree, p.not_yet, p.waiting, p.status) == ([PARENT], [YOUTH], [TEACHER], "open")
    apply_votes(proposals, {key: {1: True, 2: True, 3: True}}, TABLE, {})
    assert (p.waiting, p.status) == ([], "agreed")


def test_someone_marked_absent_does_not_count_for_the_theme():
    proposals = merged_doel()
    key = proposals[0].key
    apply_votes(proposals, {key: {1: True, 2: True}}, TABLE, {}, absent={3})
    p = proposals[0]
    assert (p.agree, p.waiting, p.status) == ([TEACHER, PARENT], [], "agreed")
    # their vote is not counted either way: a "nog niet" from someone absent does not hold it back
    apply_votes(proposals, {key: {1: True, 2: True, 3: False}}, TABLE, {}, absent={3})
    assert (p.not_yet, p.status) == ([], "agreed")
    # undone: they count again, and the list says who has not chosen yet
    apply_votes(proposals, {key: {1: True, 2: True}}, TABLE, {}, absent=())
    assert (p.waiting, p.status) == ([YOUTH], "open")


def test_nobody_taking_part_agrees_nothing():
    proposals = merged_doel()
    apply_votes(proposals, {proposals[0].key: {1: True}}, TABLE, {}, absent={1, 2, 3})
    assert (proposals[0].status, proposals[0].waiting) == ("open", [])


def test_taking_part_lists_each_person_once():
    assert taking_part([TEACHER, PARENT, TEACHER, YOUTH], absent={3}) == [TEACHER, PARENT]


def test_theme_result_names_the_absent_and_counts_without_them():
    inputs = [proposal(TEACHER, "doel"), proposal(PARENT, "doel")]
    key = merge_proposals(inputs, ROLES)[0].key
    result = theme_result("resultaat", list(TABLE), {}, [], [], inputs, {key: {1: True, 2: True}}, {}, absent={3})
    assert result.absent == [YOUTH]
    assert [p.template for p in result.agreements] == ["doel"]


# --- theme_result: everything together ------------------------------------------------------------

def test_theme_result_splits_agreements_from_what_is_still_open():
    inputs = [proposal(TEACHER, "doel"), proposal(PARENT, "doel"), proposal(PARENT, text="Elke week bellen")]
    first = merge_proposals(inputs, ROLES)
    votes = {first[0].key: {1: True, 2: True, 3: True}, first[1].key: {1: True, 2: False, 3: True}}
    result = theme_result("resultaat", list(TABLE), {1: "good", 2: "better", 3: "unknown"}, [], [], inputs,
                          votes, {})
    assert result.differ is True
    assert [(p.template, p.text) for p in result.agreements] == [("doel", "")]
    assert [p.text for p in result.still_open] == ["Elke week bellen"]
    assert result.distribution == {"good": 1, "fair": 0, "better": 1, "unknown": 1}
    assert result.scales == [(TEACHER, "good"), (PARENT, "better"), (YOUTH, "unknown")]


# --- property: merging is order-independent and loses nobody --------------------------------------

PEOPLE = st.builds(Person, id=st.integers(1, 6), role=st.sampled_from(["parent", "professional", "youth"]))
INPUTS = st.builds(
    ProposalInput,
    person=PEOPLE,
    template=st.one_of(st.none(), st.sampled_from(["doel", "wat-werkt"])),
    text=st.sampled_from(["", "  ", "Elke week bellen", "elke  WEEK bellen.", "Samen lezen"]),
    who=st.sampled_from(["me", "other", "together", "role:youth"]),
    when=st.sampled_from(["today", "week", "date"]),
    when_date=st.one_of(st.none(), st.sampled_from([date(2030, 5, 1), date(2030, 5, 2)])),
)


@given(st.lists(INPUTS, max_size=12).flatmap(lambda items: st.tuples(st.just(items), st.permutations(items))),
       st.lists(st.sampled_from(["parent", "professional", "youth"]), min_size=1, max_size=4))
def test_merging_is_order_independent_and_never_loses_a_proposer(orders, roles):
    items, shuffled = orders
    first, second = merge_proposals(items, roles), merge_proposals(shuffled, roles)
    assert {p.key for p in first} == {p.key for p in second}
    assert len({p.key for p in first}) == len(first)  # one proposal per key
    wanted = Counter(i.person for i in items if i.template or i.text.strip())
    for merged in (first, second):
        assert Counter(person for p in merged for person in p.proposers) == wanted
    assert ({p.key: Counter(p.proposers) for p in first} == {p.key: Counter(p.proposers) for p in second})


# --- the tolk translates and does not choose (issue 12) ----------------------------------------------

TOLK = Person(4, "interpreter", "Emre")


def test_the_tolk_is_not_taking_part_and_not_waited_for():
    assert taking_part([TEACHER, TOLK, PARENT]) == [TEACHER, PARENT]
    proposals = merged_doel()
    key = proposals[0].key
    apply_votes(proposals, {key: {1: True}}, (TEACHER, PARENT, TOLK), {})
    assert (proposals[0].waiting, proposals[0].status) == ([PARENT], "open")
    # two people agree with a tolk present: agreed; a "nog niet" stored for the tolk holds nothing back
    apply_votes(proposals, {key: {1: True, 2: True, 4: False}}, (TEACHER, PARENT, TOLK), {})
    assert (proposals[0].agree, proposals[0].not_yet, proposals[0].status) == ([TEACHER, PARENT], [], "agreed")


def test_the_tolk_is_not_the_other():
    assert resolve_who("other", "parent", ["professional", "parent", "interpreter"]) == "role:professional"
