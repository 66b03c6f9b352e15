"""SQLite under `praatplaat serve --processes N` (issue 11): writers of different processes take turns on a lock file
beside the database (db.py), so a burst of votes no longer queues behind SQLite's busy handler, which sleeps up to
100 ms between tries. While another process holds that turn a write waits, and it is stored once the turn is free."""

from __future__ import annotations

import fcntl
import os
import threading

from conftest import Phone, answer_theme, join, make_app, set_agenda, start
from sqlalchemy import select

from praatplaat.db import db
from praatplaat.models import Answer


def test_a_write_waits_for_another_process_turn_and_is_stored(tmp_path):
    path = tmp_path / "praatplaat.sqlite"
    app = make_app(f"sqlite:///{path}")
    teacher, parent = Phone(app, "teacher"), Phone(app, "parent")
    code, f_url = start(teacher)
    join(parent, code)
    set_agenda(teacher, f_url, "resultaat")
    answer_theme(parent, "resultaat", strengths="Eerst")
    assert (tmp_path / "praatplaat.sqlite-writers").exists()  # the first write made the lock file
    other = os.open(tmp_path / "praatplaat.sqlite-writers", os.O_RDWR)  # as another process opens it
    fcntl.flock(other, fcntl.LOCK_EX)
    done = []
    writer = threading.Thread(target=lambda: done.append(parent.post("/p/t/resultaat/2", {"text": "Daarna"})))
    try:
        writer.start()
        writer.join(0.5)
        assert done == []  # waiting for its turn (not failed, not written past the other process)
    finally:
        fcntl.flock(other, fcntl.LOCK_UN)
        os.close(other)
    writer.join(10)
    assert [r.status_code for r in done] == [303]
    with app.app_context():
        assert db.session.scalar(select(Answer.text).where(Answer.question == "strengths")) == "Daarna"
