"""Server-side browser sessions through the service layer, on the in-memory unit of work: stored by the hash of
their id, expired by idle time and by age."""

from __future__ import annotations

from datetime import timedelta

from console_fakes import FakeConsoleUnitOfWork

from tiepdan.console.domain.limits import SessionPolicy, StoredSession
from tiepdan.console.service.sessions import delete_session, load, new_session_id, purge_expired, save
from tiepdan.kit.db import utcnow

POLICY = SessionPolicy(idle=timedelta(minutes=30), absolute=timedelta(hours=12))


def test_a_session_is_kept_under_the_hash_of_its_id(uow: FakeConsoleUnitOfWork) -> None:
    sid = new_session_id()
    now = utcnow()

    save(uow, sid, StoredSession({"account_id": "a1", "csrf": "x"}, "a1", now, now))

    assert sid not in uow.web_sessions.by_hash
    loaded = load(uow, sid)
    assert loaded is not None
    assert (loaded.data, loaded.account_id) == ({"account_id": "a1", "csrf": "x"}, "a1")
    assert load(uow, new_session_id()) is None


def test_saving_again_keeps_when_the_session_began(uow: FakeConsoleUnitOfWork) -> None:
    sid = new_session_id()
    began = utcnow() - timedelta(hours=1)
    save(uow, sid, StoredSession({}, "a1", began, began))
    later = utcnow()

    save(uow, sid, StoredSession({"seen": 2}, "a1", later, later))

    loaded = load(uow, sid)
    assert loaded is not None
    assert (loaded.created_at, loaded.last_seen_at, loaded.data) == (began, later, {"seen": 2})


def test_idle_and_too_old_sessions_are_purged_and_then_expired(uow: FakeConsoleUnitOfWork) -> None:
    now = utcnow()
    fresh, idle, old = new_session_id(), new_session_id(), new_session_id()
    save(uow, fresh, StoredSession({}, "a1", now - timedelta(hours=1), now - timedelta(minutes=5)))
    save(uow, idle, StoredSession({}, "a2", now - timedelta(hours=1), now - timedelta(minutes=31)))
    save(uow, old, StoredSession({}, "a3", now - timedelta(hours=12, seconds=1), now - timedelta(minutes=1)))

    assert purge_expired(uow, POLICY) == 2

    assert load(uow, idle) is None
    assert load(uow, old) is None
    kept = load(uow, fresh)
    assert kept is not None
    assert not POLICY.expired(kept.created_at, kept.last_seen_at, now)
    assert POLICY.expired(kept.created_at, kept.last_seen_at, now + POLICY.idle)
    assert POLICY.expired(kept.created_at, now + timedelta(hours=11), now + timedelta(hours=11, minutes=1))


def test_a_deleted_session_is_gone(uow: FakeConsoleUnitOfWork) -> None:
    sid = new_session_id()
    now = utcnow()
    save(uow, sid, StoredSession({}, None, now, now))

    delete_session(uow, sid)

    assert load(uow, sid) is None


def test_a_session_saved_under_a_new_id_is_gone_under_its_old_one(uow: FakeConsoleUnitOfWork) -> None:
    old, new = new_session_id(), new_session_id()
    now = utcnow()
    save(uow, old, StoredSession({"lang": "en"}, None, now, now))

    save(uow, new, StoredSession({"lang": "en", "account_id": "a1"}, "a1", now, now), replacing=old)

    assert load(uow, old) is None
    kept = load(uow, new)
    assert kept is not None
    assert kept.account_id == "a1"
