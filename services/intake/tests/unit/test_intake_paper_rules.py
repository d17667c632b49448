"""Paper rules without I/O: which papers a case's state allows, receipt codes, the frozen wording."""

from dataclasses import fields
from datetime import UTC, date, datetime

import pytest

from tiepdan.intake.domain.cases import Case, Status
from tiepdan.intake.domain.papers import (
    CODE_LENGTH,
    ISSUABLE,
    Issuer,
    MatterFacts,
    PaperKind,
    PaperText,
    format_code,
    new_receipt_code,
    normalise_code,
    paper_text,
    place_and_date,
    refused_because,
)
from tiepdan.intake.domain.refusal import Refusal, RefusalReason
from tiepdan.intake.domain.vocabulary import Kind


def case(kind=Kind.COMPLAINT, status=Status.RECEIVED, **fields):
    found = Case(
        id="c1",
        unit="bach-quang",
        kind=kind,
        field="land",
        subject="Dự án",
        area="Tổ 5",
        party_related=False,
        opened_at=datetime(2026, 1, 19, tzinfo=UTC),
        received_on=date(2026, 1, 19),
        status=status,
    )
    for name, value in fields.items():
        setattr(found, name, value)
    return found


@pytest.mark.parametrize(
    ("kind", "the_case", "allowed"),
    [
        (PaperKind.ACCEPTANCE_NOTICE, case(status=Status.ACCEPTED), True),
        (PaperKind.ACCEPTANCE_NOTICE, case(status=Status.RECEIVED), False),
        (PaperKind.ACCEPTANCE_NOTICE, case(Kind.DENUNCIATION, Status.ACCEPTED), False),
        (PaperKind.NON_ACCEPTANCE_NOTICE, case(status=Status.GUIDED), True),
        (PaperKind.NON_ACCEPTANCE_NOTICE, case(status=Status.ACCEPTED), False),
        (PaperKind.DENUNCIATION_ACCEPTANCE_NOTICE, case(Kind.DENUNCIATION, Status.SUSPENDED), True),
        (PaperKind.DENUNCIATION_ACCEPTANCE_NOTICE, case(Kind.COMPLAINT, Status.ACCEPTED), False),
        (PaperKind.TRANSFER_SLIP, case(status=Status.TRANSFERRED), True),
        (PaperKind.TRANSFER_SLIP, case(status=Status.RECEIVED), False),
        (PaperKind.GUIDANCE, case(Kind.FEEDBACK, Status.GUIDED), True),
        (PaperKind.REFUSAL_NOTICE, case(status=Status.RECEIVED), False),
        (
            PaperKind.REFUSAL_NOTICE,
            case(status=Status.FILED, outcome="refused", refusal=Refusal(RefusalReason.INTOXICATED, None)),
            True,
        ),
        (PaperKind.ACCEPTANCE_NOTICE, case(status=Status.RESOLVED, outcome="refused"), False),
    ],
)
def test_papers_the_state_allows(kind, the_case, allowed):
    reason = refused_because(kind, the_case)
    assert (reason is None) is allowed
    assert reason is None or reason.strip()


def test_receipt_codes_are_long_random_and_read_back_as_typed():
    codes = {new_receipt_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert CODE_LENGTH * 5 >= 64  # bits of Crockford's base 32
    code = next(iter(codes))
    printed = format_code(code)
    assert printed.count("-") == 3
    assert normalise_code(printed.lower()) == code
    assert normalise_code(printed.replace("-", " ")) == code
    assert normalise_code("O1IL" * 4) == "0111" * 4  # misread letters
    assert normalise_code("ABC") is None
    assert normalise_code("U" * 16) is None


def test_the_frozen_wording_names_the_citizen_only_when_a_copy_is_made():
    facts = MatterFacts(Kind.DENUNCIATION, "land", "Lấn chiếm đất", date(2026, 1, 19), Status.ACCEPTED)
    text = paper_text(
        PaperKind.DENUNCIATION_ACCEPTANCE_NOTICE, 3, date(2026, 1, 20), Issuer("Bách Quang", "Bách Quang"), facts, True
    )
    assert set(text.to_dict()) == {f.name for f in fields(PaperText)}  # every field is stored
    stored = PaperText.from_dict(text.to_dict())
    assert stored == text
    assert "Đỗ Minh Tuấn" not in str(stored.to_dict())
    assert stored.file_copy("Đỗ Minh Tuấn").addressee == "Người tố cáo"
    assert stored.naming("Đỗ Minh Tuấn").addressee == "Đỗ Minh Tuấn"
    assert stored.number_line == "Số: 3/TB-UBND"


def test_place_and_date_and_kinds():
    assert place_and_date("Bách Quang", date(2026, 12, 3)) == "Bách Quang, ngày 03 tháng 12 năm 2026"
    assert "receipt" not in ISSUABLE
    assert len(ISSUABLE) == 6
