"""Mijn gesprekken: the conversations this browser is in (as a phone) or started (as a facilitator).

No account: the browser's own cookies (cookies.py) hold the tokens; what is gone (purged, deleted, left)
is simply not found and drops off the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from . import operations, results
from .models import Conversation
from .tokens import token_ref


@dataclass(frozen=True)
class MyConversation:
    conversation_id: int
    ref: str  # the token's public name (tokens.token_ref): for links and the "remove" form, never the token
    token: str
    title: str
    created_at: datetime
    lookback_on: date | None
    agreements: int | None = None  # only for the facilitator's list


def agreements(conversation: Conversation) -> int:
    """How many proposals are agreed or confirmed now."""
    return sum(1 for result in results.all_results(conversation).values()
               for proposal in result.proposals if proposal.settled)


def as_phone(tokens: list[str]) -> tuple[list[MyConversation], list[str]]:
    """The conversations this phone is in, newest joined first, and the tokens still worth keeping."""
    found = operations.participants_for_tokens(tokens)
    items = [MyConversation(p.conversation_id, token_ref(t), t, p.conversation.title, p.conversation.created_at,
                            p.conversation.lookback_on) for t, p in found.items()]
    return items, list(found)


def as_lead(tokens: list[str]) -> tuple[list[MyConversation], list[str]]:
    """The conversations started in this browser, newest first, and the tokens still worth keeping."""
    items = []
    for token in tokens:
        conversation = operations.conversation_for_facilitator(token)
        if conversation is not None:
            items.append(MyConversation(conversation.id, token_ref(token), token, conversation.title,
                                        conversation.created_at, conversation.lookback_on, agreements(conversation)))
    return items, [item.token for item in items]
