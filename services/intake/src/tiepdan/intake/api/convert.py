"""Loaded request bodies → use-case inputs."""

from __future__ import annotations

from typing import Any

from tiepdan.intake.domain.corrections import Correction
from tiepdan.intake.domain.filing import Obstacle
from tiepdan.intake.domain.people import Citizen
from tiepdan.intake.service.commands import Content, PetitionInput, VisitInput


def citizens(body: dict[str, Any]) -> list[Citizen]:
    return [Citizen(**person) for person in body.get("citizens", [])]


def content(body: dict[str, Any]) -> Content:
    return Content(
        kind=body["kind"],
        field=body["field"],
        subject=body["subject"],
        area=body["area"],
        summary=body["summary"],
        party_related=body["party_related"],
        case_id=body["case_id"],
        complaint_round=body["complaint_round"],
        several_places=body["several_places"],
        paper_file_ref=body["paper_file_ref"],
        known_on=body["known_on"],
        filing_obstacle=Obstacle(**body["filing_obstacle"]) if body["filing_obstacle"] else None,
        voter_list=body["voter_list"],
        about_candidate=body["about_candidate"],
        congress_personnel=body["congress_personnel"],
    )


def visit_input(body: dict[str, Any]) -> VisitInput:
    listed = citizens(body)
    refusal = body.get("refusal") or {}
    headcount = body["headcount"] if body["headcount"] is not None else max(1, len(listed))
    return VisitInput(
        content=content(body),
        reception=body["reception"],
        headcount=headcount,
        citizens=listed,
        received_at=body["received_at"],
        host_name=body["host_name"],
        handled_by=body["handled_by"],
        notes=body["notes"],
        refused=bool(refusal),
        refusal_reason_code=refusal.get("reason_code"),
        refusal_notice_no=refusal.get("notice_no"),
    )


def petition_input(body: dict[str, Any]) -> PetitionInput:
    return PetitionInput(
        content=content(body),
        channel=body["channel"],
        received_on=body["received_on"],
        citizens=citizens(body),
        signers=body["signers"],
        sender_agency=body["sender_agency"],
        signed=body["signed"],
        dated=body["dated"],
        in_vietnamese=body["in_vietnamese"],
        competent=body["competent"],
    )


def correction(body: dict[str, Any]) -> Correction:
    values = {name: value for name, value in body.items() if name not in ("reason", "citizens")}
    listed = citizens(body) if "citizens" in body else None
    return Correction(reason=body["reason"], values=values, citizens=listed)
