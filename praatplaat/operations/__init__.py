"""What people do in a conversation: start, join, pick, answer, vote, decide, close.

Explicit arguments, no request or g; each function commits its own transaction. Split by who acts:
`phones` (a participant), `lead` (the gespreksleider); `base` holds what every write shares.
Keeping and deleting lives in `retention.py`.
"""

from .base import (
    ANONYMOUS_ROLE,
    OPENING,
    ROLES,
    Refused,
    agenda_item,
    conversation_for_code,
    conversation_for_facilitator,
    join_roles,
    participant_for_token,
    participants_for_tokens,
    retry_on_conflict,
    roles_for,
    row_for,
    theme_keys,
    touch,
    utcnow,
)
from .lead import (
    approve,
    close_theme,
    decide,
    new_round,
    refuse,
    remove_participant,
    review,
    set_absent,
    set_agenda,
    set_joining,
    set_lookback,
    set_reachable,
    set_screen,
    set_screen_languages,
    start_conversation,
)
from .phones import add_own_theme, join, save_answer, save_closing, save_goal, set_language, set_picks, vote, withdraw
from .translations import dispute_translation, table_languages, target_languages, translatable, translate

__all__ = [
    "ANONYMOUS_ROLE", "OPENING", "ROLES", "Refused", "retry_on_conflict", "row_for", "utcnow", "touch", "roles_for",
    "conversation_for_code", "conversation_for_facilitator", "participant_for_token", "participants_for_tokens",
    "theme_keys", "agenda_item", "join_roles",
    "start_conversation", "set_agenda", "review", "new_round", "decide", "close_theme", "set_joining", "set_screen",
    "set_screen_languages", "approve", "refuse", "set_lookback", "set_reachable", "set_absent", "remove_participant",
    "join", "set_language", "set_picks", "add_own_theme", "save_answer", "save_goal", "vote", "save_closing",
    "withdraw", "translate", "dispute_translation", "table_languages", "target_languages", "translatable",
]
