"""export.json follows praatplaat/schemas/afsprakenlijst.schema.json (JSON Schema 2020-12), in every shape it takes:
a whole conversation with look back, a new round with history, deck sections, opening goals, a parent evening.
The schema requires every field, so a field dropped from the export fails here."""

from __future__ import annotations

import copy
import json
import re
from importlib.resources import files

import pytest
from conftest import LOOKBACK_DAY, PLANNED_DAY, Phone, answer_theme, full_conversation, join, set_agenda, start, vote
from jsonschema import Draft202012Validator

SCHEMA = json.loads(files("praatplaat").joinpath("schemas/afsprakenlijst.schema.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA)
OPTIONAL = {"sections"}  # only when the deck has sections


def export(phone: Phone, f_url: str) -> dict:
    response = phone.get(f_url + "export.json")
    assert response.status_code == 200, response.get_data(as_text=True)[-1000:]
    return response.get_json()


def problems(data: dict) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in VALIDATOR.iter_errors(data)]


def whole_conversation(app) -> dict:
    """Own theme, votes, a facilitator's rewording, a closing answer, a look-back date and a review."""
    table = full_conversation(app)
    return export(table["teacher"], table["f_url"])


def after_a_new_round(app) -> dict:
    """The first round, looked back on, kept as history; the second round begins."""
    table = full_conversation(app)
    assert table["teacher"].post(table["f_url"] + "nieuwe-ronde", {"day-quick": "6w"}).status_code == 303
    data = export(table["teacher"], table["f_url"])
    assert data["round"] == 2 and len(data["history"]) == 1
    # The next look-back date on the list, the one before it kept with its round.
    assert data["lookback_on"] and data["history"][0]["list"]["lookback_on"] == LOOKBACK_DAY.isoformat()
    assert any(a["review"] for t in data["history"][0]["list"]["themes"] for a in t["agreements"])
    return data


def with_sections(app) -> dict:
    teacher, parent = Phone(app), Phone(app)
    code, f_url = start(teacher, deck="samen-beslissen")
    join(parent, code, role="parent", language="tr")
    set_agenda(teacher, f_url, "informatie")
    for phone in (teacher, parent):
        answer_theme(phone, "informatie", scale="fair", text="Moeder belt de school", who="me", when="date",
                     when_date=PLANNED_DAY.isoformat())
    data = export(teacher, f_url)
    assert data["sections"] and data["themes"][0]["to_discuss"][0]["when_date"] == PLANNED_DAY.isoformat()
    return data


def with_goals(app) -> dict:
    teacher, parent = Phone(app), Phone(app)
    teacher.get("/")
    response = teacher.post("/start", {"start-deck": "praatplaat", "start-role": "professional",
                                       "start-mode": "table", "start-opening": "y"})
    f_url = response.location.split("?")[0]
    code = re.search(r'class="code" dir="ltr">(\w+)<', teacher.get(f_url).get_data(as_text=True))[1]
    join(parent, code, role="foster", nickname="Kees")
    parent.post("/p/opening", {"text": "Weten hoe het gaat met lezen"})
    data = export(teacher, f_url)
    assert data["goals"] and data["themes"] == [] and data["lookback_on"] is None
    return data


def parent_evening(app) -> dict:
    host, parents = Phone(app), [Phone(app), Phone(app)]
    code, f_url = start(host, title="Ouderavond", mode="evening")
    for parent in parents:
        join(parent, code, role="unknown")
    set_agenda(host, f_url, "resultaat")
    for parent in parents:
        answer_theme(parent, "resultaat", choice="doel", who="together", when="week", strengths="Goed contact")
    key = re.search(r'name="proposal" value="(\w+)"', parents[0].get("/p/t/resultaat/samen").get_data(
        as_text=True))[1]
    vote(parents[0], "resultaat", key)
    data = export(host, f_url)
    assert {p["role"] for p in data["participants"]} == {"unknown"}  # at an evening the host only leads
    return data


SHAPES = [whole_conversation, after_a_new_round, with_sections, with_goals, parent_evening]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.__name__)
def test_every_export_shape_follows_the_schema(app, shape):
    data = shape(app)
    assert problems(data) == []


def paths(node, path=()):
    """Every key of every object in an export, as a path from the top."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, (*path, index))


def without(data: dict, path: tuple) -> dict:
    changed = copy.deepcopy(data)
    node = changed
    for step in path[:-1]:
        node = node[step]
    del node[path[-1]]
    return changed


def test_the_schema_requires_every_field_of_a_real_export(app):
    data = after_a_new_round(app)
    checked = 0
    for path in paths(data):
        if path[-1] in OPTIONAL:
            continue
        assert problems(without(data, path)), f"the schema lets {'/'.join(map(str, path))} go missing"
        checked += 1
    assert checked > 100  # the history's list and its reviews included


def test_the_schema_refuses_a_field_it_does_not_describe(app):
    data = after_a_new_round(app)
    for node in (data, data["history"][0]["list"], data["history"][0]["list"]["themes"][0],
                 data["participants"][0]):
        node["extra"] = 1
        assert problems(data)
        del node["extra"]
    assert problems(data) == []


def test_the_readme_names_the_schema_and_every_field():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("## Export format", 1)[1].split("\n## ", 1)[0]
    assert "praatplaat/schemas/afsprakenlijst.schema.json" in section
    fields = set()
    for definition in (SCHEMA, *SCHEMA["$defs"].values()):
        fields |= set(definition.get("properties", {}))
        for item in definition.get("properties", {}).values():
            fields |= set(item.get("items", {}).get("properties", {}))
    missing = sorted(name for name in fields if f'"{name}"' not in section)
    assert missing == []
