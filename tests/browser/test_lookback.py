"""A young person at the table, and looking back at the agreements at the next meeting (real browsers)."""

from __future__ import annotations

from playwright.sync_api import expect

from .flow import answer_theme, join, proposal_keys, set_agenda, start_conversation, submit, visit, vote


def test_youth_wording_and_the_look_back(contexts, desktop, screenshot):
    host = desktop.new_page()
    code, dashboard = start_conversation(host, "Gesprek met Sam (12)")
    youth = contexts.new("phone").new_page()
    youth.goto(f"/j/{code}")
    join(youth, role="youth")
    set_agenda(host, dashboard, "kinderen")

    # The young person reads the deck's own, direct wording — "Betrek kinderen bij je keuzes" is theirs too.
    visit(youth, "/p/t/kinderen/1")
    expect(youth.locator("h1")).to_have_text("Hoe gaat dit nu voor jou?")
    expect(youth.locator(".theme-text")).to_contain_text("jou")
    screenshot(youth, "youth-question-1-nl")
    visit(host, "/p/t/kinderen/1")
    expect(host.locator("h1")).to_have_text("Hoe zit dat bij ons?")

    for page in (host, youth):
        answer_theme(page, "kinderen", scale="fair", strengths="We praten samen", choice="mening-vragen")
    proposal = proposal_keys(youth)[0]
    for page in (host, youth):
        vote(page, "kinderen", proposal)

    # The next meeting: the facilitator reopens the list and says how each agreement went.
    visit(host, dashboard + "terugkijken")
    form = f"article#p-{proposal} form"
    host.check(f"{form} input[name='status'][value='partly']")
    host.fill(f"{form} textarea[name='note']", "Sam mocht twee keer kiezen")
    submit(host, form)
    visit(youth, "/p/lijst")
    expect(youth.locator(".review")).to_contain_text("Voor een deel gedaan")
    expect(youth.locator(".review")).to_contain_text("Sam mocht twee keer kiezen")
    screenshot(youth, "lookback-list-nl")

    # A new round starts from here; the list keeps its history.
    visit(host, dashboard + "terugkijken")
    submit(host, "form[action$='/nieuwe-ronde']")
    visit(youth, "/p/lijst")
    history = youth.locator("section.history")
    expect(history).to_contain_text("Ronde 1")
    expect(history).to_contain_text("Voor een deel gedaan")
    expect(youth.locator(".list-head")).to_contain_text("Ronde 2")
    screenshot(youth, "lookback-history-nl")
