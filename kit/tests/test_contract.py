"""The event catalogue's guard: unknown types, missing fields and personal data anywhere inside an event."""

import pytest

from tiepdan.kit.contract import ContractError, check_event

GAP = {"roster_id": "r1", "date": "2026-01-19", "shift": "morning", "skill": "police", "missing": 1}


def test_a_complete_event_without_personal_data_passes() -> None:
    check_event("roster.coverage.gap", 1, GAP | {"notes": [{"count": 2, "urgent": True}], "ratio": 0.5})


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ({"phone": "0912345678"}, "data.phone"),
        ({"who": {"full_name": "Nguyễn Văn A"}}, "data.who.full_name"),
        ({"people": [{"ok": 1}, {"id_number": "001203004567"}]}, r"data.people\[1\].id_number"),
        ({"citizens": []}, "data.citizens"),
    ],
)
def test_personal_keys_are_refused_at_any_depth(extra: dict, where: str) -> None:
    with pytest.raises(ContractError, match=where):
        check_event("roster.coverage.gap", 1, GAP | extra)


def test_unknown_types_and_missing_fields_are_refused() -> None:
    with pytest.raises(ContractError, match="unknown event type"):
        check_event("roster.nothing", 1, GAP)
    with pytest.raises(ContractError, match="lacks missing"):
        check_event("roster.coverage.gap", 1, {k: v for k, v in GAP.items() if k != "missing"})
