"""Silences: mute matching alerts for a while (who, why, from, until), Alertmanager-style."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from tiepdan.alerts.domain.access import Caller
from tiepdan.alerts.domain.ids import new_id
from tiepdan.alerts.domain.muting import Silence, read_silence_request
from tiepdan.alerts.service.errors import NotFound
from tiepdan.alerts.service.unit_of_work import AlertsWork


@dataclass(frozen=True)
class SilenceAt:
    """A silence as seen at a moment (whether it is active then)."""

    silence: Silence
    at: datetime

    @property
    def active(self) -> bool:
        return self.silence.active_at(self.at)


@dataclass(frozen=True)
class SilenceListing:
    items: list[SilenceAt]


def list_silences(uow: AlertsWork, now: datetime) -> SilenceListing:
    """The silences of the caller's units, ended ones too (they are the record of who muted what)."""
    return SilenceListing([SilenceAt(s, now) for s in uow.silences.listing()])


def add_silence(uow: AlertsWork, request: Mapping[str, Any], caller: Caller, *, unit: str, now: datetime) -> SilenceAt:
    """Matching alerts of `unit` are still recorded, but neither told nor escalated until the silence ends.
    An unreadable request raises `DocumentError` naming each field."""
    checked = read_silence_request(request, now)
    silence = Silence(
        id=new_id(),
        unit=unit,
        matchers=checked.matchers,
        starts_at=checked.starts_at,
        ends_at=checked.ends_at,
        created_by=caller.name,
        comment=checked.comment,
        created_at=now,
    )
    uow.silences.add(silence)
    return SilenceAt(silence, now)


def expire_silence(uow: AlertsWork, silence_id: str, now: datetime) -> SilenceAt:
    """End a silence now; it is kept, with its end moved to now, as a record."""
    silence = uow.silences.get(silence_id)
    if silence is None:
        raise NotFound("lệnh tạm tắt")
    uow.silences.expire(silence, now)
    return SilenceAt(replace(silence, ends_at=min(silence.ends_at, now)), now)
