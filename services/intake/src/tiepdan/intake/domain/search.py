"""Finding citizens without reading them: the terms a citizen is indexed under and the terms a query looks for.

A name is indexed by its folded tokens (kit.text.normalise_subject: case, accents, đ → d), an ID number and a
phone number whole; the index keeps only keyed digests of these terms (identity_vault.search_digest).
A name query matches a citizen who has every token of the query; an ID number or a phone number matches exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tiepdan.intake.domain.identity_numbers import normalise_id_number
from tiepdan.intake.domain.people import Citizen
from tiepdan.kit.text import normalise_subject

NAME, ID_NUMBER, PHONE = "name", "id", "phone"
#: A query longer than this many name tokens is refused: nobody's name has more.
MAX_NAME_TOKENS = 8

_PHONE = re.compile(r"(?:0|\+?84)(\d{9})")
_NOISE = re.compile(r"[\s.\-()]")


@dataclass(frozen=True, order=True)
class SearchTerm:
    kind: str
    value: str


def name_tokens(full_name: str) -> list[str]:
    """ "Trần  Văn BÌNH" → ["tran", "van", "binh"] (each distinct token once, in order)."""
    return list(dict.fromkeys(normalise_subject(full_name).split()))


def phone_number(raw: str) -> str | None:
    """The national form of a Vietnamese phone number ("+84 912 345 678" → "0912345678"), None if it is not one."""
    match = _PHONE.fullmatch(_NOISE.sub("", raw))
    return f"0{match.group(1)}" if match else None


def citizen_terms(citizen: Citizen) -> set[SearchTerm]:
    """What one listed citizen can be found by."""
    terms = {SearchTerm(NAME, token) for token in name_tokens(citizen.full_name)}
    if citizen.id_number:
        terms.add(SearchTerm(ID_NUMBER, normalise_id_number(citizen.id_number)))
    if citizen.phone and (phone := phone_number(citizen.phone)):
        terms.add(SearchTerm(PHONE, phone))
    return terms


@dataclass(frozen=True)
class CitizenQuery:
    """`?citizen=`: a citizen matches when they have every name token, or the ID number, or the phone number."""

    name: tuple[SearchTerm, ...]
    exact: tuple[SearchTerm, ...]

    @classmethod
    def parse(cls, text: str) -> CitizenQuery:
        compact = _NOISE.sub("", text)
        exact = []
        # one word with a digit once spaces and dots are gone: an ID number (CCCD, CMND, passport) or a phone
        if compact.isalnum() and any(ch.isdigit() for ch in compact):
            exact.append(SearchTerm(ID_NUMBER, normalise_id_number(compact)))
        if phone := phone_number(text):
            exact.append(SearchTerm(PHONE, phone))
        tokens = [] if compact.lstrip("+").isdigit() else name_tokens(text)
        return cls(tuple(SearchTerm(NAME, token) for token in tokens), tuple(exact))

    def problems(self) -> list[str]:
        if not self.name and not self.exact:
            return ["Nhập họ tên, số giấy tờ hoặc số điện thoại cần tìm."]
        if len(self.name) > MAX_NAME_TOKENS:
            return [f"Họ tên tìm kiếm tối đa {MAX_NAME_TOKENS} từ."]
        return []
