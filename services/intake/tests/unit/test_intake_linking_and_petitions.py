from datetime import UTC, datetime

from tiepdan.intake.domain.linking import LinkCandidate, choose_case
from tiepdan.intake.domain.people import Citizen
from tiepdan.intake.domain.petitions import assess
from tiepdan.intake.domain.vocabulary import Kind


def test_subject_key_folds_case_accents_and_spacing(make_case):
    assert (
        make_case(subject="Dự án  KHU dân cư số 3").subject_key
        == make_case(subject="du an khu dan cu so 3").subject_key
    )
    assert make_case(subject="Đường Đông!").subject_key == "duong dong"


def test_choose_the_latest_matching_case():
    older = LinkCandidate("a", datetime(2026, 1, 5, tzinfo=UTC))
    newer = LinkCandidate("b", datetime(2026, 1, 9, tzinfo=UTC))
    assert choose_case([older, newer]) == "b"
    assert choose_case([]) is None


def signer(name="Trần Văn Bình", address="Tổ 5"):
    return Citizen(full_name=name, address=address)


def test_complete_petition_is_eligible():
    result = assess(Kind.COMPLAINT, [signer()], signed=True, dated=True, in_vietnamese=True)
    assert result.eligible
    assert result.processable
    assert result.reasons == ()


def test_each_missing_element_is_a_reason():
    result = assess(Kind.COMPLAINT, [signer()], signed=False, dated=False, in_vietnamese=False)
    assert not result.eligible
    assert len(result.reasons) == 3


def test_anonymous_denunciation_is_recorded_not_processable():
    result = assess(Kind.DENUNCIATION, [], signed=True, dated=True, in_vietnamese=True)
    assert not result.eligible
    assert not result.processable
    assert "nặc danh" in result.reasons[0]


def test_anonymous_recommendation_is_not_eligible_but_processable():
    result = assess(Kind.RECOMMENDATION, [], signed=True, dated=True, in_vietnamese=True)
    assert not result.eligible
    assert result.processable


def test_denunciation_needs_the_denouncer_address():
    result = assess(Kind.DENUNCIATION, [signer(address=None)], signed=True, dated=True, in_vietnamese=True)
    assert not result.eligible
    assert result.processable
    assert "địa chỉ" in result.reasons[0]
