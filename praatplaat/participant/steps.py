"""Where a phone goes next: the first unanswered question, else the first theme still to agree on."""

from __future__ import annotations

from dataclasses import dataclass

from .. import merge
from ..models import Participant
from ..results import agenda_themes, theme_result
from ..vocabulary import OPENING, Role


@dataclass
class Step:
    endpoint: str
    args: dict


def next_step(participant: Participant) -> Step:
    """Where this person was: the first unanswered question, else the first theme still to agree on."""
    conversation = participant.conversation
    if participant.role == Role.INTERPRETER:  # the tolk translates; they do not answer or choose
        return Step("participant.translate", {})
    if conversation.opening and not any(a.theme_key == OPENING for a in participant.answers):
        return Step("participant.opening", {})
    if not conversation.agenda_set:
        return Step("participant.themes", {})
    answered = {(a.theme_key, a.question) for a in participant.answers}
    voted = {v.proposal_key for v in participant.votes}
    away = {a.theme_key for a in participant.absences}
    for theme, closed in agenda_themes(conversation):
        if closed or theme.key in away:  # marked as not taking part: nothing to answer or choose there
            continue
        for number, question in enumerate(merge.QUESTIONS, 1):
            if (theme.key, question) not in answered:
                return Step("participant.question", {"key": theme.key, "step": number})
        result = theme_result(conversation, theme.key)
        if any(p.key not in voted for p in result.proposals):
            return Step("participant.together", {"key": theme.key})
    return Step("participant.agreement_list", {})
