"""Entering a date on a 320 px phone, with and without JavaScript, in Dutch and Arabic (issue 13, point 3):
no "mm/dd/yyyy" anywhere, day / month / year lists in the reader's words and order, an impossible date said in
words with the choice kept, and no sideways scrolling. The look-back date on the phones (point 7)."""

from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from praatplaat.days import add_months, today

from .flow import join, set_agenda, start_conversation, submit, visit

NEXT_YEAR = today().year + 1
FORM = "main form"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def no_us_pattern(page) -> None:
    assert page.locator("input[type=date]").count() == 0
    expect(page.locator("body")).not_to_contain_text("mm/dd")
    expect(page.locator("body")).not_to_contain_text("dd/mm")


def choose(page, name: str, day: int, month: int, year: int) -> None:
    for part, value in (("day", day), ("month", month), ("year", year)):
        page.select_option(f"select[name='{name}-{part}']", str(value))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_a_date_on_a_small_phone(contexts, desktop, screenshot, lang, javascript):
    host = desktop.new_page()
    code, dashboard = start_conversation(host)
    set_agenda(host, dashboard, "resultaat")
    phone = contexts.new("small_phone", javascript=javascript, lang=lang).new_page()
    visit(phone, f"/j/{code}")
    join(phone, language=lang)
    for step, fields in ((1, "scale"), (2, "text"), (3, "text"), (4, "text")):
        visit(phone, f"/p/t/resultaat/{step}")
        if fields == "scale":
            phone.check(f"{FORM} input[name='scale'][value='good']")
        submit(phone, FORM)
    assert phone.url.endswith("/p/t/resultaat/5")
    no_us_pattern(phone)
    order = phone.locator(".day-picker select").evaluate_all("lists => lists.map(l => l.name.split('-').pop())")
    assert order == ["day", "month", "year"]  # Dutch and Arabic write the day first (Arabic from the right)
    february = format_date(date(2027, 2, 1), "MMMM", locale=lang)
    expect(phone.locator("select[name='when_date-month'] option[value='2']")).to_have_text(february)

    phone.check(f"{FORM} input[name='choice'][value='doel']")
    phone.select_option(f"{FORM} select[name='who']", "together")
    choose(phone, "when_date", 31, 2, NEXT_YEAR)
    if javascript:  # choosing in the lists chose "Op een datum"
        expect(phone.locator(f"{FORM} input[name='when'][value='date']")).to_be_checked()
    else:
        phone.check(f"{FORM} input[name='when'][value='date']")
    assert fits(phone)
    screenshot(phone, f"date-proposal-320-{lang}-{'js' if javascript else 'nojs'}", full_page=False)
    submit(phone, FORM)
    assert phone.url.endswith("/p/t/resultaat/5")  # refused, with the reason in words
    expect(phone.locator(".day-picker .error")).to_contain_text(str(NEXT_YEAR))
    expect(phone.locator("select[name='when_date-day']")).to_have_value("31")  # nothing lost
    expect(phone.locator("select[name='when_date-month']")).to_have_value("2")
    expect(phone.locator(f"{FORM} input[name='choice'][value='doel']")).to_be_checked()
    no_us_pattern(phone)
    assert fits(phone)
    phone.locator(".day-picker").scroll_into_view_if_needed()
    screenshot(phone, f"date-impossible-320-{lang}-{'js' if javascript else 'nojs'}", full_page=False)

    phone.select_option("select[name='when_date-day']", "28")
    submit(phone, FORM)
    assert phone.url.split("#")[0].endswith("/p/t/resultaat/samen"), phone.url
    expect(phone.locator("article.proposal .ww").first).to_contain_text(
        format_date(date(NEXT_YEAR, 2, 28), "long", locale=lang))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_look_back_date_with_a_quick_choice_reaches_the_phones(contexts, screenshot, javascript):
    host = contexts.new("small_phone", javascript=javascript).new_page()
    code, dashboard = start_conversation(host)
    reader = contexts.new("small_phone", lang="ar").new_page()
    visit(reader, f"/j/{code}")
    join(reader, language="ar")
    visit(host, dashboard + "#list")
    form = "form[action$='/terugblik']"
    no_us_pattern(host)
    host.check(f"{form} input[name='day-quick'][value='3m']")
    later = add_months(today(), 3)
    if javascript:  # the lists show the day the quick choice means
        expect(host.locator(f"{form} select[name='day-day']")).to_have_value(str(later.day))
        expect(host.locator(f"{form} select[name='day-month']")).to_have_value(str(later.month))
    assert fits(host)
    host.locator(form).scroll_into_view_if_needed()
    screenshot(host, f"date-lookback-320-nl-{'js' if javascript else 'nojs'}", full_page=False)
    submit(host, form)
    visit(reader, "/p/lijst")
    head = reader.locator(".list-head .lookback-line")
    expect(head).to_contain_text(format_date(later, "long", locale="ar"))
    expect(reader.locator("a[href$='/p/terugblik.ics']")).to_be_visible()
    assert fits(reader)
    screenshot(reader, f"lookback-phone-list-320-ar-{'js' if javascript else 'nojs'}", full_page=False)
