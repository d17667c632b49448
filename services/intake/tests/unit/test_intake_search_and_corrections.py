"""Search terms, corrections and merges as pure rules (no database)."""

from datetime import UTC, datetime

import pytest

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.domain.access import may_correct, may_search_citizens
from tiepdan.intake.domain.cases import HistoryEntry, Status, opening_deadlines
from tiepdan.intake.domain.corrections import (
    Act,
    Correction,
    case_follows,
    changed_citizen_paths,
    changed_values,
    correct_case,
    correction_problems,
    merge,
    merge_mismatch,
    merge_problems,
    merge_refused_because,
    reassess,
)
from tiepdan.intake.domain.errors import TransitionRefusedError
from tiepdan.intake.domain.people import Citizen
from tiepdan.intake.domain.petitions import assess
from tiepdan.intake.domain.search import ID_NUMBER, NAME, PHONE, CitizenQuery, SearchTerm, citizen_terms, phone_number
from tiepdan.intake.domain.vocabulary import Kind

AT = datetime(2026, 1, 20, 3, 0, tzinfo=UTC)

# search ---------------------------------------------------------------------------------------------------------


def test_a_citizen_is_indexed_by_folded_name_tokens_id_and_phone():
    citizen = Citizen("Đặng  Thị ĐÀO", id_number="019 085 001.234", phone="+84 912 345 678")
    assert citizen_terms(citizen) == {
        SearchTerm(NAME, "dang"),
        SearchTerm(NAME, "thi"),
        SearchTerm(NAME, "dao"),
        SearchTerm(ID_NUMBER, "019085001234"),
        SearchTerm(PHONE, "0912345678"),
    }


@pytest.mark.parametrize(
    ("raw", "national"),
    [("0912345678", "0912345678"), ("+84912345678", "0912345678"), ("84 912.345.678", "0912345678"), ("12345", None)],
)
def test_phone_numbers_are_compared_in_their_national_form(raw, national):
    assert phone_number(raw) == national


def test_a_query_reads_as_name_tokens_or_as_a_number():
    name = CitizenQuery.parse("  trần BÌNH ")
    assert name.name == (SearchTerm(NAME, "tran"), SearchTerm(NAME, "binh"))
    assert name.exact == ()
    number = CitizenQuery.parse("0912 345 678")
    assert number.name == ()
    assert set(number.exact) == {SearchTerm(ID_NUMBER, "0912345678"), SearchTerm(PHONE, "0912345678")}
    passport = CitizenQuery.parse("c1234567")
    assert SearchTerm(ID_NUMBER, "C1234567") in passport.exact
    assert CitizenQuery.parse("…").problems()
    assert CitizenQuery.parse("a b c d e f g h i").problems()


def test_search_digests_are_keyed_and_separate_kinds_of_term():
    vault = IdentityVault(["x" * 43 + "="], b"k" * 16)
    other = IdentityVault(["x" * 43 + "="], b"j" * 16)
    term = SearchTerm(ID_NUMBER, "019085001234")
    assert vault.search_digest(term) != other.search_digest(term)
    assert vault.search_digest(term) != vault.search_digest(SearchTerm(PHONE, "019085001234"))
    assert vault.search_digest(term) != vault.digest("019085001234")  # not the repeat-visit digest


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [({"clerk"}, True), ({"leader"}, True), ({"party_inspection"}, True), ({"police"}, False), ({"ops"}, False)],
)
def test_who_may_search_by_citizen(roles, allowed):
    assert may_search_citizens(roles) is allowed


def test_correcting_follows_the_rules_of_acting():
    assert may_correct({"clerk"}, Kind.DENUNCIATION, False)
    assert not may_correct({"clerk"}, Kind.DENUNCIATION, True)
    assert may_correct({"party_inspection"}, Kind.DENUNCIATION, True)
    assert not may_correct({"police"}, Kind.COMPLAINT, False)


# corrections ----------------------------------------------------------------------------------------------------


def test_only_real_changes_count_and_a_reason_is_needed():
    current = {"field": "land", "headcount": 1, "notes": None}
    changes = changed_values(current, {"field": "land", "headcount": 6, "notes": "x"})
    assert changes == {"headcount": {"before": 1, "after": 6}, "notes": {"before": None, "after": "x"}}
    assert correction_problems(Correction(" ", {}), changes, []).errors.keys() == {"reason"}
    assert correction_problems(Correction("typo", {}), {}, []).errors.keys() == {"_schema"}
    assert not correction_problems(Correction("typo", {}), {}, ["citizens.0.full_name"]).errors


def test_identity_changes_are_named_by_path_never_by_value():
    before = [Citizen("Trần Văn Bình", id_number="019085001234"), Citizen("Lê A")]
    after = [Citizen("Trần Văn Bính", id_number="019085001234")]
    assert changed_citizen_paths(before, after) == ["citizens.0.full_name", "citizens.1"]


def test_a_case_opened_by_one_record_takes_its_reclassified_kind_and_new_first_deadline(make_case, policy, calendar):
    case = make_case(kind=Kind.RECOMMENDATION, visit_count=1)
    case.deadlines = opening_deadlines(Kind.RECOMMENDATION, case.received_on, True, False, policy, calendar)
    assert case_follows(case)
    changes = {"kind": {"before": "recommendation", "after": "denunciation"}, "summary": {"before": "", "after": "x"}}
    case_changes = correct_case(case, changes, policy, calendar)
    assert case_changes == {"kind": changes["kind"]}
    assert case.kind is Kind.DENUNCIATION
    assert case.deadlines["process_by"].rule_code == "denunciation_initial"
    assert "transfer_by" in case.deadlines
    assert "reply_due" in case.deadlines  # still owed to the visitor


def test_a_corrected_subject_is_folded_again(make_case, policy, calendar):
    case = make_case(visit_count=1)
    assert case.subject_key == "du an khu dan cu so 3"
    correct_case(case, {"subject": {"before": case.subject, "after": "Đường ngõ 7"}}, policy, calendar)
    assert case.subject_key == "duong ngo 7"


def test_the_kind_of_a_case_already_decided_is_not_changed(make_case, policy, calendar):
    case = make_case(status="accepted", visit_count=1)
    with pytest.raises(TransitionRefusedError):
        correct_case(case, {"kind": {"before": "complaint", "after": "recommendation"}}, policy, calendar)


def test_a_case_with_several_records_keeps_its_content(make_case):
    assert not case_follows(make_case(visit_count=1, petition_count=1))


def test_reassessment_keeps_what_the_paper_lacked_and_applies_the_new_kind():
    signers = [Citizen("Trần Văn Bình")]  # no address
    first = assess(Kind.COMPLAINT, signers, signed=True, dated=False, in_vietnamese=True)
    again = reassess(Kind.DENUNCIATION, signers, Kind.COMPLAINT, signers, first.reasons)
    assert again == assess(Kind.DENUNCIATION, signers, signed=True, dated=False, in_vietnamese=True)
    assert "Đơn tố cáo phải ghi địa chỉ của người tố cáo." in again.reasons
    anonymous = reassess(Kind.DENUNCIATION, [], Kind.COMPLAINT, [], ())
    assert anonymous.processable is False


# merging --------------------------------------------------------------------------------------------------------


def test_merge_needs_a_reason_and_another_case():
    assert merge_problems("c1", "c2", "").errors.keys() == {"reason"}
    assert merge_problems("c1", "c1", "x").errors.keys() == {"into"}
    assert merge_problems("c1", None, "x").errors.keys() == {"into"}
    assert not merge_problems("c1", "c2", "x").errors


@pytest.mark.parametrize(
    ("source_status", "target_status", "refused"),
    [
        ("received", "received", False),
        ("resolved", "accepted", False),
        ("received", "suspended", False),
        ("received", "resolved", True),
        ("received", "filed", True),
        ("received", "merged", True),
        ("merged", "received", True),
    ],
)
def test_merge_targets_a_case_still_being_handled(make_case, source_status, target_status, refused):
    source = make_case(id="c1", status=source_status)
    target = make_case(id="c2", status=target_status)
    assert (merge_refused_because(source, target) is not None) is refused


def test_different_matters_are_not_merged(make_case):
    assert merge_mismatch(make_case(id="c1"), make_case(id="c2", kind=Kind.RECOMMENDATION)).errors
    assert merge_mismatch(make_case(id="c1"), make_case(id="c2", party_related=True)).errors
    assert not merge_mismatch(make_case(id="c1"), make_case(id="c2")).errors


def test_merge_moves_the_counts_and_copies_the_history(make_case, leader):
    early = datetime(2026, 1, 2, 2, 0, tzinfo=UTC)
    target = make_case(id="c2", visit_count=1, first_visit_at=AT)
    source = make_case(id="c1", visit_count=2, petition_count=1, first_visit_at=early)
    opened = HistoryEntry(early, "clerk-1", "Mai", "open_by_visit", None, "received", details={"visit_id": "v1"})
    moved = {"visit_ids": ["v1", "v2"], "petition_ids": ["p1"]}
    merge(source, target, Act(leader, AT, "Cùng một vụ việc"), moved, [opened])
    assert (target.visit_count, target.petition_count, target.first_visit_at) == (3, 1, early)
    assert target.history[0].details == {"visit_id": "v1", "merged_from": "c1"}
    assert target.history[0].at == early
    assert target.history[-1].action == "merge_from"
    assert source.status is Status.MERGED
    assert source.merged_into == "c2"
    assert (source.visit_count, source.petition_count) == (0, 0)
    entry = source.history[-1]
    assert (entry.action, entry.from_status, entry.actor, entry.reason) == (
        "merge",
        "received",
        "u-leader",
        "Cùng một vụ việc",
    )
    assert entry.details == {"case_id": "c1", "into": "c2", **moved}
