from datetime import date

import pytest

from tiepdan.intake.domain.identity_numbers import (
    PROVINCE_CODES,
    birth_year,
    id_number_problems,
    infer_id_type,
    normalise_id_number,
)

TODAY = date(2026, 1, 19)


def test_there_are_63_province_codes_between_001_and_096():
    assert len(PROVINCE_CODES) == 63
    assert min(PROVINCE_CODES) == "001"
    assert max(PROVINCE_CODES) == "096"


@pytest.mark.parametrize("number", ["019085001234", "001190000001", "096301000123", "079 085 001.234"])
def test_valid_personal_numbers(number):
    assert id_number_problems(number, None, TODAY) == []


@pytest.mark.parametrize("province", ["000", "003", "097", "099", "050"])
def test_unknown_province_code_is_named(province):
    problems = id_number_problems(f"{province}085001234", None, TODAY)
    assert len(problems) == 1
    assert f"'{province}'" in problems[0]
    assert "Mã tỉnh" in problems[0]


def test_birth_year_after_this_year_is_refused():
    # digit 2 = male born in the 2000s, year 85 → 2085
    problems = id_number_problems("019285001234", None, TODAY)
    assert problems
    assert "2085" in problems[0]


def test_birth_year_reads_century_digit():
    assert birth_year("019085001234") == 1985
    assert birth_year("019105001234") == 1905
    assert birth_year("019325001234") == 2025


def test_both_problems_reported_together():
    assert len(id_number_problems("097985001234", None, TODAY)) == 2


def test_old_nine_digit_id_is_valid():
    assert id_number_problems("123456789", None, TODAY) == []
    assert infer_id_type("123456789") == "cmnd"


@pytest.mark.parametrize(("number", "count"), [("12345678901", 11), ("1234567", 7), ("1234567890123", 13)])
def test_wrong_length_says_how_many_digits(number, count):
    problems = id_number_problems(number, None, TODAY)
    assert problems
    assert f"nhận được {count} chữ số" in problems[0]


def test_letters_without_passport_type_point_to_id_type():
    problems = id_number_problems("C1234567", None, TODAY)
    assert problems
    assert "passport" in problems[0]


def test_passport_with_id_type():
    assert id_number_problems("C1234567", "passport", TODAY) == []
    assert id_number_problems("c 123-4567", "passport", TODAY) == []
    assert "hộ chiếu" in id_number_problems("C1", "passport", TODAY)[0]


def test_declared_type_must_match_length():
    assert "CMND phải có đúng 9" in id_number_problems("019085001234", "cmnd", TODAY)[0]
    assert "CCCD phải có đúng 12" in id_number_problems("123456789", "cccd", TODAY)[0]
    assert "chỉ gồm chữ số" in id_number_problems("01908500123A", "cccd", TODAY)[0]


def test_unknown_id_type():
    assert "Loại giấy tờ 'visa'" in id_number_problems("123456789", "visa", TODAY)[0]


def test_empty_number():
    assert id_number_problems("  ", None, TODAY) == ["Số giấy tờ không được để trống."]


def test_messages_never_repeat_the_number():
    for number in ["097985001234", "12345678901", "C1234567"]:
        for message in id_number_problems(number, None, TODAY):
            assert number not in message


def test_normalise_strips_typing_noise():
    assert normalise_id_number(" 019-085.001 234 ") == "019085001234"
