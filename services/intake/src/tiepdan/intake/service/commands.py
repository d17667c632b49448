"""What the API hands the use cases: a visit or petition as the clerk entered it, already type-checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from tiepdan.intake.domain.filing import Obstacle
from tiepdan.intake.domain.people import Citizen


@dataclass(frozen=True)
class Content:
    """The matter itself, the same for a visit and a petition."""

    kind: str
    field: str
    subject: str
    area: str
    summary: str = ""
    party_related: bool = False
    case_id: str | None = None
    complaint_round: int = 1
    several_places: bool = False
    paper_file_ref: str | None = None
    known_on: date | None = None
    filing_obstacle: Obstacle | None = None
    voter_list: bool = False
    about_candidate: bool = False
    congress_personnel: bool = False


@dataclass(frozen=True)
class VisitInput:
    content: Content
    reception: str
    headcount: int
    citizens: list[Citizen] = field(default_factory=list)
    received_at: datetime | None = None
    host_name: str | None = None
    handled_by: str | None = None
    notes: str | None = None
    refusal_reason_code: str | None = None
    refusal_notice_no: str | None = None
    refused: bool = False


@dataclass(frozen=True)
class MergeInput:
    into: str | None
    reason: str | None


@dataclass(frozen=True)
class PetitionInput:
    content: Content
    channel: str
    received_on: date | None = None
    citizens: list[Citizen] = field(default_factory=list)
    signers: int | None = None
    sender_agency: str | None = None
    signed: bool = True
    dated: bool = True
    in_vietnamese: bool = True
    competent: bool | None = None
