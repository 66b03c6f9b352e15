"""The codes of a conversation, in one place: roles, scale, who, when, mode, statuses, screen views.

Each is a StrEnum, so a member is also its plain string code (as stored in the database and in exports).
Words for people are in `labels.py`, keyed by these members.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PARENT = "parent"
    PROFESSIONAL = "professional"
    YOUTH = "youth"
    FOSTER = "foster"
    NETWORK = "network"
    INTERPRETER = "interpreter"  # the tolk: translates what others write; does not vote, is not counted
    UNKNOWN = "unknown"  # parent evening: the role is optional


class Scale(StrEnum):
    GOOD = "good"
    FAIR = "fair"
    BETTER = "better"
    UNKNOWN = "unknown"


class Question(StrEnum):
    """The steps of one theme, in order: the praatplaat's five questions, one screen each.

    IDEAS was "Hoe kan het beter? Wat helpt ons?" until both halves got their own step; answers stored
    under it before then show under "Hoe zou dat beter kunnen?" (its first half).
    """

    SCALE = "scale"  # Hoe zit dat bij ons?
    STRENGTHS = "strengths"  # Waar zijn we al goed in?
    IDEAS = "ideas"  # Hoe zou dat beter kunnen?
    HELPS = "helps"  # Wat helpt ons om (beter) samen te werken, met én voor het kind?
    PROPOSAL = "proposal"  # Hoe geven we de volgende stappen vorm: wat spreken we af?


class OpeningQuestion(StrEnum):
    """The opening's questions (kept under the theme key OPENING)."""

    GOAL = "goal"  # Wat is het doel van dit gesprek? (the waaier)
    EXPECTATIONS = "expectations"  # Wat verwachten we van elkaar? (the literature's first step; may stay empty)


class Who(StrEnum):
    """Who does it. A role of the table is stored as "role:" + role ("role:parent")."""

    ME = "me"
    OTHER = "other"
    TOGETHER = "together"
    OTHERS = "others"
    SOMEONE = "someone"  # someone who is not at the table


class When(StrEnum):
    TODAY = "today"
    WEEK = "week"
    NEXT = "next"  # before the next conversation
    DATE = "date"


class Mode(StrEnum):
    TABLE = "table"
    EVENING = "evening"


class ReviewStatus(StrEnum):
    DONE = "done"
    PARTLY = "partly"
    NOT_YET = "not_yet"
    STOP = "stop"


class Covered(StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class ProposalStatus(StrEnum):
    AGREED = "agreed"  # everyone present said eens
    CONFIRMED = "confirmed"  # set by the facilitator
    OPEN = "open"


class ScreenView(StrEnum):
    """What the shared screen shows besides one theme (a theme's key is its own view)."""

    JOIN = "join"
    THEMES = "themes"
    BLANK = "blank"


# The roles that answer and choose (and can be "wie doet het?"); the tolk joins besides them (`join_roles`).
ROLES: tuple[Role, ...] = tuple(r for r in Role if r not in (Role.UNKNOWN, Role.INTERPRETER))
INTERPRETER_ROLE = Role.INTERPRETER
ANONYMOUS_ROLE = Role.UNKNOWN
ROLE_PREFIX = "role:"
OPENING = "_opening"  # the theme key under which the opening's answers are kept (not a theme of any deck)


def who_for(role: str) -> str:
    """The stored 'who' for a role of the table ('parent' -> 'role:parent')."""
    return f"{ROLE_PREFIX}{Role(role)}"


def screen_languages(stored: str) -> list[str]:
    """The shared screen's languages, stored as 'nl' or 'nl,ar'."""
    return [code for code in stored.split(",") if code] or ["nl"]
