"""SQLAlchemy models: one conversation and everything in it (deleted with it)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from . import merge
from .db import db


class Conversation(db.Model):
    """Een gesprek: one joint session with a join code and a secret facilitator link."""

    __tablename__ = "conversation"
    id: Mapped[int] = mapped_column(primary_key=True)
    join_code: Mapped[str] = mapped_column(String(6), unique=True)
    facilitator_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    deck: Mapped[str] = mapped_column(String(40))
    mode: Mapped[str] = mapped_column(String(10), default="table")
    language: Mapped[str] = mapped_column(String(8), default="nl")
    joining_open: Mapped[bool] = mapped_column(Boolean, default=True)
    join_expires_at: Mapped[datetime] = mapped_column(DateTime)
    agenda_set: Mapped[bool] = mapped_column(Boolean, default=False)
    lookback_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Parent evening: what the shared screen shows ("join", "themes", "theme:<key>", "blank") and in which
    # languages (one or two codes, comma separated).
    screen: Mapped[str] = mapped_column(String(50), default="join")
    screen_languages: Mapped[str] = mapped_column(String(20), default="nl")
    opening: Mapped[bool] = mapped_column(Boolean, default=False)  # start with the waaier's opening
    round: Mapped[int] = mapped_column(Integer, default=1)  # a new round starts after a look back
    # The closing (the waaier): when and how the professional who leads can be reached, in their words.
    reachable: Mapped[str] = mapped_column(Text, default="", server_default="")
    reachable_language: Mapped[str] = mapped_column(String(8), default="nl", server_default="nl")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_activity_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    participants: Mapped[list[Participant]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Participant.id")
    agenda: Mapped[list[AgendaItem]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="AgendaItem.position")
    own_themes: Mapped[list[OwnTheme]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="OwnTheme.id")
    decisions: Mapped[list[Decision]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    reviews: Mapped[list[Review]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                 order_by="Review.id")
    history: Mapped[list[RoundSnapshot]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                        order_by="RoundSnapshot.number")


class Participant(db.Model):
    """Een deelnemer: one phone in the conversation."""

    __tablename__ = "participant"
    __table_args__ = (UniqueConstraint("conversation_id", "join_submission"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    nickname: Mapped[str] = mapped_column(String(80), default="")
    language: Mapped[str] = mapped_column(String(8), default="nl")
    is_facilitator: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # The join form's one-time id: a double-tapped "Meedoen" makes one participant, not two.
    join_submission: Mapped[str | None] = mapped_column(String(40), nullable=True)

    conversation: Mapped[Conversation] = relationship(back_populates="participants")
    picks: Mapped[list[Pick]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    votes: Mapped[list[Vote]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    closing: Mapped[ClosingAnswer | None] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    absences: Mapped[list[Absence]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class Pick(db.Model):
    """A participant finds this theme important."""

    __tablename__ = "pick"
    __table_args__ = (UniqueConstraint("participant_id", "theme_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    theme_key: Mapped[str] = mapped_column(String(40))


class OwnTheme(db.Model):
    """Een eigen thema, added by a participant; its key is own-<id>."""

    __tablename__ = "own_theme"
    __table_args__ = (UniqueConstraint("conversation_id", "title_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    # The title as the database compares it: one theme per title in a conversation, whatever the case,
    # spacing or closing full stop (migration 0004 filled it in for older rows).
    title_key: Mapped[str] = mapped_column(String(220))
    language: Mapped[str] = mapped_column(String(8))

    @staticmethod
    def key_for(title: str) -> str:
        return merge.normalise(title)[:200]

    @property
    def key(self) -> str:
        return f"own-{self.id}"


class Absence(db.Model):
    """The facilitator marked this person as not taking part in this theme: they do not count for its
    agreements (until it is undone)."""

    __tablename__ = "absence"
    __table_args__ = (UniqueConstraint("participant_id", "theme_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    theme_key: Mapped[str] = mapped_column(String(40))


class AgendaItem(db.Model):
    """A theme on the agenda, in order; closed themes take no more answers or votes."""

    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("conversation_id", "theme_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id", ondelete="CASCADE"), index=True)
    theme_key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)


class Answer(db.Model):
    """One participant's answer to one question of one theme (one row per question, changed in place)."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("participant_id", "theme_key", "question"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    theme_key: Mapped[str] = mapped_column(String(40))
    question: Mapped[str] = mapped_column(String(20))
    scale: Mapped[str | None] = mapped_column(String(10), nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8))
    template: Mapped[str | None] = mapped_column(String(40), nullable=True)
    who: Mapped[str | None] = mapped_column(String(30), nullable=True)
    when: Mapped[str | None] = mapped_column(String(20), nullable=True)
    when_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # Parent evening: free text reaches the shared screen only after the facilitator approves it.
    approved: Mapped[bool] = mapped_column(Boolean, default=False)
    # Refused by the facilitator: out of the queue, never on the screen or a list; the writer is told.
    refused: Mapped[bool] = mapped_column(Boolean, default=False)
    # Ready sentences the writer tapped (deck keys, space-separated), shown in each reader's language.
    sentences: Mapped[str] = mapped_column(Text, default="", server_default="")
    # `language` is the language of the words (detected, see textlang.py); False: too short to tell, so it is the
    # writer's menu language and no "geschreven in …" label is shown.
    language_known: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    translations: Mapped[list[Translation]] = relationship(back_populates="answer", cascade="all, delete-orphan",
                                                           passive_deletes=True)


class Translation(db.Model):
    """A person's translation of a written answer into another language of the conversation (one per language)."""

    __tablename__ = "translation"
    __table_args__ = (UniqueConstraint("answer_id", "language"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"),
                                                       nullable=True)
    role: Mapped[str] = mapped_column(String(20))  # the translator's role when they translated (tolk, ouder, …)
    # The writer said "klopt niet": readers are told, and the original is shown first.
    disputed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime)
    answer: Mapped[Answer] = relationship(back_populates="translations")


class Vote(db.Model):
    """Eens / nog niet on one merged proposal."""

    __tablename__ = "vote"
    __table_args__ = (UniqueConstraint("participant_id", "proposal_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    theme_key: Mapped[str] = mapped_column(String(40))
    proposal_key: Mapped[str] = mapped_column(String(64))
    agree: Mapped[bool] = mapped_column(Boolean)


class Decision(db.Model):
    """The facilitator confirmed a proposal and/or changed its wording, who or when."""

    __tablename__ = "decision"
    __table_args__ = (UniqueConstraint("conversation_id", "proposal_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id", ondelete="CASCADE"), index=True)
    theme_key: Mapped[str] = mapped_column(String(40))
    proposal_key: Mapped[str] = mapped_column(String(64))
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="nl")
    who: Mapped[str | None] = mapped_column(String(30), nullable=True)
    when: Mapped[str | None] = mapped_column(String(20), nullable=True)
    when_date: Mapped[date | None] = mapped_column(Date, nullable=True)


class ClosingAnswer(db.Model):
    """Afronding: how the conversation felt, whether all was discussed, a last question, tips for the professional."""

    __tablename__ = "closing_answer"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), unique=True)
    experience: Mapped[str | None] = mapped_column(String(10), nullable=True)
    covered: Mapped[str | None] = mapped_column(String(10), nullable=True)
    question: Mapped[str] = mapped_column(Text, default="")
    tips: Mapped[str] = mapped_column(Text, default="", server_default="")  # "Heb je tips voor mij?"
    language: Mapped[str] = mapped_column(String(8))


class Review(db.Model):
    """Terugblik: how an agreement of this round went (gedaan / deels / nog niet / stoppen)."""

    __tablename__ = "review"
    __table_args__ = (UniqueConstraint("conversation_id", "round", "proposal_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    theme_key: Mapped[str] = mapped_column(String(40))
    proposal_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="nl")
    reviewed_on: Mapped[date] = mapped_column(Date)


class RoundSnapshot(db.Model):
    """The afsprakenlijst of an earlier round, with its look back, kept as the export JSON."""

    __tablename__ = "round_snapshot"
    __table_args__ = (UniqueConstraint("conversation_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    closed_on: Mapped[date] = mapped_column(Date)
    data: Mapped[str] = mapped_column(Text)


class Lease(db.Model):
    """A job that one process of the cluster does at a time (the purge): who took it, and until when."""

    __tablename__ = "lease"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200), default="")
    until: Mapped[datetime] = mapped_column(DateTime)
