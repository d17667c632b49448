from datetime import UTC, datetime

import pytest
from alerts_samples import petition_data, visit_data

from tiepdan.alerts.domain.observations import (
    InvalidEventError,
    coverage_gap_from,
    inbound_report_from,
    overdue_case_from,
    sighting_from_petition,
    sighting_from_visit,
)


def test_a_visit_keeps_counts_place_time_and_topic_only():
    data = visit_data(
        headcount=7,
        received_at="2026-06-10T09:00:00+07:00",
        citizens=[{"full_name": "Trần Văn Bình", "id_number": "019085001234", "phone": "0912345678"}],
        summary="Ông Trần Văn Bình đề nghị",
    )
    sighting = sighting_from_visit(data)
    assert sighting.contribution.source_id == f"visit:{data['visit_id']}"
    assert sighting.at == datetime(2026, 6, 10, 2, 0, tzinfo=UTC)
    assert sighting.headcount == 7
    assert "Bình" not in repr(sighting)
    assert "0912345678" not in repr(sighting)


def test_a_petition_counts_its_signers_on_its_ward_day():
    sighting = sighting_from_petition(
        petition_data(signers=12, headcount=12, received_on="2026-06-10"), "Asia/Ho_Chi_Minh"
    )
    assert sighting.headcount == 12
    assert not sighting.contribution.is_visit
    assert sighting.at == datetime(2026, 6, 9, 17, 0, tzinfo=UTC)


def test_a_petition_without_headcount_falls_back_to_signers():
    data = petition_data(signers=6)
    del data["headcount"]
    assert sighting_from_petition(data, "Asia/Ho_Chi_Minh").headcount == 6


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"headcount": 0}, "headcount"),
        ({"headcount": "7"}, "headcount"),
        ({"received_at": "2026-06-10T09:00:00"}, "offset"),
        ({"received_at": "yesterday"}, "received_at"),
        ({"field": ""}, "field"),
    ],
)
def test_unreadable_visits_are_refused_with_the_field_named(overrides, message):
    with pytest.raises(InvalidEventError, match=message):
        sighting_from_visit(visit_data(**overrides))


def test_an_inbound_report_needs_a_known_level():
    data = {
        "reported_at": "2026-06-10T09:00:00+07:00",
        "place": "Trụ sở Tiếp công dân tỉnh",
        "level": "province",
        "headcount": 12,
        "area": "Tổ dân phố 5",
        "field": "land",
        "subject": "Dự án khu dân cư số 3",
        "summary": "…",
    }
    assert inbound_report_from(data, "r1").source_id == "report:r1"
    with pytest.raises(InvalidEventError, match="level"):
        inbound_report_from({**data, "level": "district"}, "r1")


def test_overdue_and_coverage_gap_are_dated_by_their_ward_day():
    overdue = overdue_case_from(
        {
            "case_id": "c9",
            "deadline": "resolve_by",
            "date": "2026-06-10",
            "kind": "complaint",
            "field": "land",
            "area": "Tổ 5",
            "subject": "Đất",
        },
        "Asia/Ho_Chi_Minh",
    )
    assert overdue.at == datetime(2026, 6, 9, 17, 0, tzinfo=UTC)
    gap = coverage_gap_from(
        {"roster_id": "r1", "date": "2026-01-20", "shift": "evening", "skill": "police", "missing": 1},
        "Asia/Ho_Chi_Minh",
    )
    assert gap.missing == 1
    with pytest.raises(InvalidEventError, match="missing"):
        coverage_gap_from({"roster_id": "r1", "date": "2026-01-20", "shift": "x", "skill": "y", "missing": 0}, "UTC")
