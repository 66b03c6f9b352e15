"""The shape of the code, as STYLE.md asks it: small modules, blueprints that are peers, templates that do not query.

These fail when the structure drifts, before it becomes a habit."""

from __future__ import annotations

import ast
import inspect
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import Phone, start
from flask import current_app
from jinja2.nodes import EvalContext

from praatplaat import create_app, templating
from praatplaat.db import db
from praatplaat.merge import Person
from praatplaat.models import Conversation

PACKAGE = Path(__file__).resolve().parent.parent / "praatplaat"
BLUEPRINTS = ("start", "participant", "facilitator", "pages")
MAX_LINES = 300


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.relative_to(PACKAGE).parts)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_longer_than_300_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines: split it by what it holds"


def imported_packages(path: Path, package: str) -> set[str]:
    """The praatplaat subpackages (first level) that a module of `package` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("praatplaat.")}
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and (node.module or "").startswith("praatplaat."):
                found.add(node.module.split(".")[1])
            elif node.level == 1 and path.parent.name == package:
                found.add(package)  # from .views import … stays inside
            elif node.level == 2:  # from ..x import … or from .. import x
                found |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
    return found


@pytest.mark.parametrize("package", BLUEPRINTS)
def test_a_blueprint_imports_no_other_blueprint(package):
    files = sorted((PACKAGE / package).glob("*.py"))
    assert files, f"praatplaat/{package}/ is gone: update BLUEPRINTS"
    for path in files:
        others = imported_packages(path, package) & (set(BLUEPRINTS) - {package})
        assert not others, f"{package}/{path.name} imports {sorted(others)}: move what they share a floor lower"


def test_the_import_check_sees_a_blueprint_import(tmp_path):
    module = tmp_path / "participant" / "views.py"
    module.parent.mkdir()
    module.write_text("from ..facilitator.views import bp\nfrom .. import start\nimport praatplaat.pages.views\n")
    assert imported_packages(module, "participant") >= {"facilitator", "start", "pages"}


# --- the template environment -------------------------------------------------------------------------------------

def _template_callables(app) -> dict[str, object]:
    """Every global, filter and context value of ours (Flask's and Jinja's own are left out)."""
    with app.test_request_context("/"):
        context = templating.template_context()
    found = {**app.jinja_env.globals, **{f"|{name}": f for name, f in app.jinja_env.filters.items()}, **context}
    return {name: value for name, value in found.items()
            if callable(value) and not isinstance(value, type)  # classes (the vocabulary's enums) are data
            and getattr(value, "__module__", "").startswith("praatplaat")}


_PROBE_APP = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "TESTING": True})
TEMPLATE_CALLABLES = sorted(_template_callables(_PROBE_APP))


def probe_arguments(function, conversation) -> list:
    """Arguments for a template function, by parameter name: a real conversation and plausible codes."""
    probes = {"conversation": conversation, "key": "resultaat", "code": "tr", "message": "Ja", "codes": ["nl", "ar"],
              "who": "role:parent", "when": "date", "when_date": date(2030, 6, 15), "started": date(2030, 6, 1),
              "lookback": None, "choices": [], "filename": "app.css", "name": "eigen",
              "singular": "%(num)s mens doet mee", "plural": "%(num)s mensen doen mee", "num": 3, "big": True,
              "eval_ctx": EvalContext(current_app.jinja_env), "items": ["Sam", "Noor"], "day": date(2030, 6, 15),
              "format": "long", "text": "Ja", "reader": "ar", "participant": conversation.participants[0],
              "persons": [Person(1, "parent", "Ayse"), Person(2, "parent", "Ayse")], "names": True,
              "html": "<p>De afspraak met de gezinsvoogd.</p>", "glossary_on": "on"}
    names = list(inspect.signature(function).parameters)
    unknown = [name for name in names if name not in probes]
    assert not unknown, f"add a probe value for the parameter(s) {unknown} of {function}"
    return [probes[name] for name in names]


@pytest.mark.parametrize("name", TEMPLATE_CALLABLES)
def test_no_template_function_queries_the_database(app, name):
    """Templates format what a view gathered: called with a freshly loaded conversation (nothing of it loaded
    yet), a template global or filter must not send one SQL statement."""
    start(Phone(app))
    statements = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    with app.test_request_context("/"):
        db.session.remove()
        conversation = db.session.scalar(sa.select(Conversation))
        function = _template_callables(app)[name]
        arguments = probe_arguments(function, conversation)
        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            function(*arguments)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
    assert statements == [], f"{name} queries the database: gather it in the view or the read model"


def test_the_query_check_sees_a_global_that_queries(app):
    from praatplaat import results

    app.jinja_env.globals["goals_again"] = results.goals
    assert "goals_again" in _template_callables(app)
    with pytest.raises(AssertionError, match="goals_again queries"):
        test_no_template_function_queries_the_database(app, "goals_again")
