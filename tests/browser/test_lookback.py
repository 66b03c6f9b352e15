"""A young person at the table, and looking back at the agreements at the next meeting (real browsers)."""

from __future__ import annotations

from datetime import timedelta

from conftest import dutch_date
from playwright.sync_api import expect

from praatplaat.days import add_months, today

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

    # A date to look back, chosen in the lists on the dashboard; the phones see it on their list.
    first = add_months(today(), 2)
    visit(host, dashboard)
    for part in ("day", "month", "year"):
        host.select_option(f"form[action$='/terugblik'] select[name='day-{part}']", str(getattr(first, part)))
    submit(host, "form[action$='/terugblik']")
    visit(youth, "/p/lijst")
    expect(youth.locator(".list-head .lookback-line")).to_contain_text(dutch_date(first))

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

    # A new round starts from here: it asks for the next look-back date; the list keeps its history.
    visit(host, dashboard + "terugkijken")
    round_form = "form[action$='/nieuwe-ronde']"
    expect(host.locator(f"section:has({round_form})")).to_contain_text(dutch_date(first))  # this round's date
    host.check(f"{round_form} input[name='day-quick'][value='6w']")
    host.locator(round_form).scroll_into_view_if_needed()
    screenshot(host, "lookback-new-round-nl", full_page=False)
    submit(host, round_form)
    visit(youth, "/p/lijst")
    history = youth.locator("section.history")
    expect(history).to_contain_text("Ronde 1")
    expect(history).to_contain_text("Voor een deel gedaan")
    expect(history).to_contain_text(dutch_date(first))
    expect(youth.locator(".list-head")).to_contain_text("Ronde 2")
    expect(youth.locator(".list-head .lookback-line")).to_contain_text(dutch_date(today() + timedelta(weeks=6)))
    expect(youth.locator("main")).to_contain_text(f"Vorige terugblik: {dutch_date(first)}")
    screenshot(youth, "lookback-history-nl")
