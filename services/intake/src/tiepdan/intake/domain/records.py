"""A visit (lượt tiếp) and a petition (đơn) as recorded, each belonging to a case."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

from tiepdan.intake.domain.deadlines import Deadline
from tiepdan.intake.domain.people import Citizen
from tiepdan.intake.domain.refusal import Refusal


@dataclass
class Visit:
    id: str
    unit: str
    case_id: str
    received_at: datetime
    reception: str
    headcount: int
    kind: str
    field: str
    subject: str
    area: str
    summary: str
    party_related: bool
    is_group: bool
    repeat: bool
    reply_due: Deadline | None
    host_name: str | None = None
    host_staff_id: str | None = None
    citizens: list[Citizen] = dataclasses.field(default_factory=list)
    handled_by: str | None = None
    notes: str | None = None
    refusal: Refusal | None = None
    paper_file_ref: str | None = None
    identity_stored: bool = True
    created_by: str = ""


@dataclass
class Petition:
    id: str
    unit: str
    case_id: str
    channel: str
    received_on: date
    signers: int
    kind: str
    field: str
    subject: str
    area: str
    summary: str
    party_related: bool
    repeat: bool
    eligible: bool
    processable: bool
    process_by: Deadline
    ineligible_reasons: tuple[str, ...] = ()
    sender_agency: str | None = None
    citizens: list[Citizen] = dataclasses.field(default_factory=list)
    paper_file_ref: str | None = None
    identity_stored: bool = True
    created_by: str = ""
