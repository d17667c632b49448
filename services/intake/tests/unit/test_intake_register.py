from datetime import UTC, date, datetime

from tiepdan.intake.domain.people import Citizen
from tiepdan.intake.domain.register import REGISTER_COLUMNS, DayVisit, RegisterVisit, day_summary, register_rows


def visit(**overrides):
    fields = {
        "received_at": datetime(2026, 1, 19, 1, 30, tzinfo=UTC),
        "received_on": date(2026, 1, 19),
        "citizens": [Citizen("Trần Văn Bình", "019085001234", "cccd", None, "Tổ 5, phường Bách Quang", True)],
        "headcount": 7,
        "kind": "complaint",
        "subject": "Dự án khu dân cư số 3",
        "summary": "Đề nghị xem xét lại giá bồi thường đất",
        "handled_by": "UBND phường",
        "case_status": "accepted",
        "case_outcome": "accepted",
        "case_to_agency": None,
        "case_decision_no": None,
        "resolve_by": date(2026, 2, 23),
        "repeat": True,
        "refusal_code": None,
        "notes": None,
    }
    fields.update(overrides)
    return RegisterVisit(**fields)


def test_columns_follow_form_03():
    assert [key for key, _ in REGISTER_COLUMNS] == [
        "no",
        "date",
        "name_address",
        "id_number",
        "content",
        "classification",
        "handled_by",
        "outcome",
        "follow_up",
        "notes",
    ]


def test_row_content():
    (row,) = register_rows([visit(register_no=1)])
    assert list(row) == [key for key, _ in REGISTER_COLUMNS]
    assert row == {
        "no": 1,
        "date": "2026-01-19",
        "name_address": "Trần Văn Bình – Tổ 5, phường Bách Quang",
        "id_number": "019085001234",
        "content": "Dự án khu dân cư số 3: Đề nghị xem xét lại giá bồi thường đất",
        "classification": "Khiếu nại; đoàn đông người 7 người",
        "handled_by": "UBND phường",
        "outcome": "Thụ lý giải quyết",
        "follow_up": "Đang giải quyết, hạn 23/02/2026",
        "notes": "Vụ việc đã đến nhiều lần",
    }


def test_rows_in_time_order_keep_the_numbers_given_at_registration():
    """A visit entered late (back-dated) keeps the next free line of the year, as in a paper book: the STT is the
    stored one, never counted again per export."""
    later = visit(
        received_at=datetime(2026, 1, 20, 1, 0, tzinfo=UTC), received_on=date(2026, 1, 20), subject="B", register_no=7
    )
    earlier = visit(subject="A", register_no=8)
    rows = register_rows([later, earlier])
    assert [(r["no"], r["date"], r["content"][:1]) for r in rows] == [(8, "2026-01-19", "A"), (7, "2026-01-20", "B")]


def test_transfer_refusal_and_resolution_columns():
    transferred = visit(case_status="transferred", case_outcome="transferred", case_to_agency="Thanh tra tỉnh")
    assert register_rows([transferred])[0]["outcome"] == "Chuyển đơn đến cơ quan có thẩm quyền: Thanh tra tỉnh"
    refused = visit(refusal_code="intoxicated", headcount=1)
    row = register_rows([refused])[0]
    assert row["outcome"].startswith("Từ chối tiếp")
    assert row["classification"] == "Khiếu nại; 1 người"
    resolved = visit(case_status="resolved", case_outcome="resolved", case_decision_no="12/QĐ-UBND")
    assert register_rows([resolved])[0]["follow_up"] == "Đã giải quyết (số 12/QĐ-UBND)"


def test_day_summary_counts_by_reception():
    visits = [DayVisit("regular", 1), DayVisit("regular", 7), DayVisit("delegated", 2), DayVisit("periodic", 12)]
    summary = day_summary(date(2026, 1, 19), visits, petitions=3)
    assert summary == {
        "date": "2026-01-19",
        "visits": 4,
        "persons": 22,
        "groups": 2,
        "petitions": 3,
        "by_reception": {
            "regular": {"visits": 2, "persons": 8},
            "periodic": {"visits": 1, "persons": 12},
            "unscheduled": {"visits": 0, "persons": 0},
            "delegated": {"visits": 1, "persons": 2},
        },
    }
