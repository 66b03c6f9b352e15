"""Babel extractor: the texts of a deck file go into the gettext catalog."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import Any, BinaryIO

TEXT_FIELDS = ("title", "plain_title", "description", "credit", "text", "youth_text", "scale", "strengths", "ideas",
               "helps", "proposal",
               "word", "explanation")  # these two: the glossary (plainwords/glossary.toml)


def walk(node: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_FIELDS and isinstance(value, str) and value:
                yield f"{path}.{key}", value
            else:
                yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from walk(item, f"{path}[{index}]")


def extract(fileobj: BinaryIO, keywords, comment_tags, options) -> Iterator[tuple[int, str, str, list[str]]]:
    """Yield (lineno, funcname, message, comments) for every text in the deck file."""
    raw = fileobj.read().decode("utf-8")
    lines = raw.splitlines()
    for where, text in walk(tomllib.loads(raw), "deck"):
        first = text.splitlines()[0]
        lineno = next((n for n, line in enumerate(lines, 1) if first in line), 0)
        yield lineno, "gettext", text, [where]
