"""The schema helpers that keep a service's checks and its OpenAPI document saying the same thing."""

from __future__ import annotations

import pytest
from marshmallow import Schema, ValidationError, fields

from tiepdan.kit.openapi import NOT_BLANK, JsonBoolean
from tiepdan.kit.text import xml_safe


class Body(Schema):
    flag = JsonBoolean()
    name = fields.String(validate=NOT_BLANK)


@pytest.mark.parametrize("value", [True, False])
def test_a_json_boolean_takes_true_and_false(value: bool) -> None:
    assert Body().load({"flag": value}) == {"flag": value}


@pytest.mark.parametrize("value", [0, 1, "true", "yes", None])
def test_a_json_boolean_refuses_what_json_calls_no_boolean(value: object) -> None:
    with pytest.raises(ValidationError) as refused:
        Body().load({"flag": value})
    assert "flag" in refused.value.messages


@pytest.mark.parametrize(("value", "valid"), [("a", True), ("  a ", True), ("", False), (" \t\n\u001d", False)])
def test_not_blank_refuses_text_of_whitespace_only(value: str, valid: bool) -> None:
    if valid:
        assert Body().load({"name": value}) == {"name": value}
    else:
        with pytest.raises(ValidationError):
            Body().load({"name": value})


def test_xml_safe_drops_control_characters_but_keeps_tabs_and_newlines() -> None:
    assert xml_safe("a\u0001b\tc\nd\u001fe\u000b") == "ab\tc\nde"
    assert xml_safe(5) == 5


def test_not_blank_refuses_exactly_what_strip_empties() -> None:
    """The pattern is also the OpenAPI document's: spelled without `\\s`, whose meaning differs in ECMAScript."""
    refused = {chr(code) for code in range(0x3001) if NOT_BLANK.regex.match(chr(code)) is None}
    assert refused == {chr(code) for code in range(0x3001) if not chr(code).strip()}
    assert "\\s" not in NOT_BLANK.regex.pattern
    assert NOT_BLANK.regex.match("\u3000 \x1e\ufeff") is not None
