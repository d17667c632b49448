"""The papers a case's steps produce (giấy biên nhận, thông báo, phiếu chuyển, …): which a case's state allows, their
number and symbol, and their wording. Layout of Nghị định 30/2020/NĐ-CP (thể thức văn bản hành chính); content
after the forms of TT 04/2021/TT-TTCP (tiếp công dân) and TT 05/2021/TT-TTCP (xử lý đơn)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from tiepdan.intake.domain.cases import Case, Status
from tiepdan.intake.domain.refusal import REFUSAL_LABELS, RefusalReason
from tiepdan.intake.domain.vocabulary import FIELD_LABELS, KIND_LABELS, Field, Kind


class PaperKind(StrEnum):
    RECEIPT = "receipt"
    ACCEPTANCE_NOTICE = "acceptance_notice"
    NON_ACCEPTANCE_NOTICE = "non_acceptance_notice"
    DENUNCIATION_ACCEPTANCE_NOTICE = "denunciation_acceptance_notice"
    TRANSFER_SLIP = "transfer_slip"
    GUIDANCE = "guidance"
    REFUSAL_NOTICE = "refusal_notice"


#: The kinds a user issues on a case (`POST /api/v1/cases/{id}/papers`); receipts come with each visit and petition.
ISSUABLE = tuple(k.value for k in PaperKind if k is not PaperKind.RECEIPT)

#: Title and the symbol's type abbreviation (NĐ 30/2020, Phụ lục III: TB thông báo, PC phiếu chuyển, GBN giấy
#: biên nhận, HD hướng dẫn).
TITLES: dict[PaperKind, tuple[str, str]] = {
    PaperKind.RECEIPT: ("GIẤY BIÊN NHẬN VÀ PHIẾU HẸN", "GBN"),
    PaperKind.ACCEPTANCE_NOTICE: ("THÔNG BÁO\nVề việc thụ lý giải quyết khiếu nại", "TB"),
    PaperKind.NON_ACCEPTANCE_NOTICE: ("THÔNG BÁO\nVề việc không thụ lý giải quyết khiếu nại", "TB"),
    PaperKind.DENUNCIATION_ACCEPTANCE_NOTICE: ("THÔNG BÁO\nVề việc thụ lý tố cáo", "TB"),
    PaperKind.TRANSFER_SLIP: ("PHIẾU CHUYỂN ĐƠN", "PC"),
    PaperKind.GUIDANCE: ("VĂN BẢN HƯỚNG DẪN\nVà trả lại đơn", "HD"),
    PaperKind.REFUSAL_NOTICE: ("THÔNG BÁO\nVề việc từ chối tiếp công dân", "TB"),
}

#: Papers answered to the person who brought the matter: on a denunciation their copy alone names them.
ADDRESSED_TO_CITIZEN = frozenset(
    {
        PaperKind.RECEIPT,
        PaperKind.ACCEPTANCE_NOTICE,
        PaperKind.NON_ACCEPTANCE_NOTICE,
        PaperKind.DENUNCIATION_ACCEPTANCE_NOTICE,
        PaperKind.GUIDANCE,
        PaperKind.REFUSAL_NOTICE,
    }
)

_ACCEPTED = frozenset({Status.ACCEPTED, Status.SUSPENDED, Status.RESOLVED})


#: The notices that answer one kind of case in some states: (that kind, refusal for another kind, the states,
#: refusal for another state).
_NOTICES: dict[PaperKind, tuple[Kind, str, frozenset[Status], str]] = {
    PaperKind.ACCEPTANCE_NOTICE: (
        Kind.COMPLAINT,
        "Thông báo thụ lý khiếu nại chỉ ban hành cho vụ việc khiếu nại.",
        _ACCEPTED,
        "Khiếu nại chưa được thụ lý (trạng thái '{status}').",
    ),
    PaperKind.NON_ACCEPTANCE_NOTICE: (
        Kind.COMPLAINT,
        "Thông báo không thụ lý chỉ ban hành cho vụ việc khiếu nại.",
        frozenset({Status.GUIDED, Status.FILED}),
        "Khiếu nại không ở trạng thái không thụ lý (trả đơn hoặc lưu đơn), mà '{status}'.",
    ),
    PaperKind.DENUNCIATION_ACCEPTANCE_NOTICE: (
        Kind.DENUNCIATION,
        "Thông báo thụ lý tố cáo chỉ ban hành cho vụ việc tố cáo.",
        _ACCEPTED,
        "Tố cáo chưa được thụ lý (trạng thái '{status}').",
    ),
}


def refused_because(kind: PaperKind, case: Case) -> str | None:
    """Why the case's state does not allow this paper, or None when it does."""
    refused = case.outcome == "refused"
    if kind is PaperKind.REFUSAL_NOTICE:
        return None if refused else "Vụ việc không có quyết định từ chối tiếp công dân (Luật Tiếp công dân, Điều 9)."
    if refused:
        return f"Vụ việc đã bị từ chối tiếp: không ban hành {TITLES[kind][0].splitlines()[-1].lower()}."
    notice = _NOTICES.get(kind)
    if notice is not None:
        case_kind, wrong_kind, statuses, wrong_status = notice
        if case.kind is not case_kind:
            return wrong_kind
        if case.status not in statuses:
            return wrong_status.format(status=case.status.value)
    if kind is PaperKind.TRANSFER_SLIP and case.status is not Status.TRANSFERRED:
        return f"Vụ việc chưa được chuyển đến cơ quan có thẩm quyền (trạng thái '{case.status.value}')."
    if kind is PaperKind.GUIDANCE and case.status is not Status.GUIDED:
        return f"Vụ việc chưa được hướng dẫn, trả đơn (trạng thái '{case.status.value}')."
    return None


# Receipt codes ------------------------------------------------------------------------------------------------
#: Crockford's base 32: no I, L, O or U, so a code read aloud or copied by hand is not misread.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})
#: 16 symbols × 5 bits = 80 bits of chance: guessing one of a ward's codes is hopeless under the rate limit.
CODE_LENGTH = 16


def new_receipt_code() -> str:
    # 32 symbols divide 256: each random byte picks one with equal chance, and one call draws them all
    return "".join(_ALPHABET[byte % len(_ALPHABET)] for byte in secrets.token_bytes(CODE_LENGTH))


def normalise_code(text: str) -> str | None:
    """What a citizen typed as the stored form (no dashes, capitals), or None when it cannot be a code."""
    code = "".join(ch for ch in text.upper() if ch not in "- ").translate(_MISREAD)
    if len(code) != CODE_LENGTH or any(ch not in _ALPHABET for ch in code):
        return None
    return code


def format_code(code: str) -> str:
    """In groups of four, as printed on the receipt: 7K3M-9QXD-2HTB-W4RN."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


# Wording --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Issuer:
    """The issuing body and who signs (NĐ 30/2020: tên cơ quan, chức vụ và họ tên người ký)."""

    unit_name: str  # "Bách Quang"
    place: str  # địa danh: "Bách Quang"
    signer_title: str = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    signer_name: str = ""

    @property
    def body(self) -> str:
        return f"UỶ BAN NHÂN DÂN\nPHƯỜNG {self.unit_name.upper()}"

    @property
    def short(self) -> str:
        return f"UBND phường {self.unit_name}"


#: Where the citizen's name and address go in a paper's frozen text: filled in when a copy is rendered, so the
#: stored text names nobody and a denouncer's own copy is the only one that names them.
PERSON = "{người}"


@dataclass(frozen=True)
class PaperText:
    """Everything printed on one paper, worded when it is issued; the PDF adapter only lays it out."""

    kind: PaperKind
    issuing_body: str  # "UỶ BAN NHÂN DÂN\nPHƯỜNG BÁCH QUANG"
    place: str  # địa danh of the date line
    number_line: str  # "Số: 12/TB-UBND"
    issued_on: date
    addressee: str | None  # "Kính gửi: …"
    paragraphs: list[str]
    recipients: list[str]
    signer_title: str
    signer_name: str
    lookup_url: str | None = None
    code: str | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)
    generic_person: str = "Công dân"
    #: a denunciation's paper: the stored copy names nobody, the denouncer's own copy alone names them
    confidential: bool = False

    @property
    def title(self) -> str:
        return TITLES[self.kind][0]

    def file_copy(self, person: str | None) -> PaperText:
        """The copy kept on file and printed by default (Luật Tố cáo 2018, Điều 9: a denouncer is named only on
        their own copy, which is rendered when asked for and never stored)."""
        return self.naming(None if self.confidential else person)

    def naming(self, person: str | None) -> PaperText:
        """The copy for `person` (their name and address), or the one naming nobody ("Công dân", "Người tố cáo")."""
        name = person or self.generic_person
        return replace(
            self,
            addressee=self.addressee.replace(PERSON, name) if self.addressee else None,
            paragraphs=[p.replace(PERSON, name) for p in self.paragraphs],
        )

    def to_dict(self) -> dict[str, Any]:
        """As stored (`papers.text`); field by field, which costs a registration's receipt less than `asdict`."""
        return {
            "kind": self.kind.value,
            "issuing_body": self.issuing_body,
            "place": self.place,
            "number_line": self.number_line,
            "issued_on": self.issued_on.isoformat(),
            "addressee": self.addressee,
            "paragraphs": list(self.paragraphs),
            "recipients": list(self.recipients),
            "signer_title": self.signer_title,
            "signer_name": self.signer_name,
            "lookup_url": self.lookup_url,
            "code": self.code,
            "facts": [tuple(fact) for fact in self.facts],
            "generic_person": self.generic_person,
            "confidential": self.confidential,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PaperText:
        return cls(
            **{
                **data,
                "kind": PaperKind(data["kind"]),
                "issued_on": date.fromisoformat(data["issued_on"]),
                "facts": [tuple(pair) for pair in data["facts"]],
            }
        )


def number_line(kind: PaperKind, number: int | None) -> str:
    symbol = f"{TITLES[kind][1]}-UBND"
    return f"Số: {number}/{symbol}" if number is not None else f"Số: ....../{symbol}"


def place_and_date(place: str, day: date) -> str:
    """NĐ 30/2020: "Bách Quang, ngày 03 tháng 12 năm 2026" (days and months below 10 with a leading zero for 1–2)."""
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


@dataclass(frozen=True)
class MatterFacts:
    """What a paper says of the matter: never the summary's text on papers that leave the ward's hands."""

    kind: Kind
    field: str
    subject: str
    received_on: date
    status: Status
    to_agency: str | None = None
    reason: str | None = None
    due_on: date | None = None
    refusal_code: str | None = None
    record_label: str = "đơn"


def _dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "…"


def _matter(facts: MatterFacts) -> str:
    return f"việc {facts.subject} (lĩnh vực {field_label(facts.field).lower()})"


def field_label(value: str) -> str:
    try:
        return FIELD_LABELS[Field(value)]
    except ValueError:
        return value


def paper_text(
    kind: PaperKind,
    number: int | None,
    issued_on: date,
    issuer: Issuer,
    facts: MatterFacts,
    has_person: bool,
) -> PaperText:
    """The wording of each paper after its form, the citizen as `PERSON` (or named by role when none is known)."""
    person = PERSON if has_person else _generic(facts)
    matter = _matter(facts)
    paragraphs: list[str]
    recipients: list[str]
    if kind is PaperKind.ACCEPTANCE_NOTICE:
        paragraphs = [
            f"Ngày {_dmy(facts.received_on)}, {issuer.short} nhận được đơn khiếu nại của {person} về {matter}.",
            "Căn cứ Điều 27 Luật Khiếu nại năm 2011, xét thấy khiếu nại đủ điều kiện thụ lý, "
            f"{issuer.short} thông báo: khiếu nại đã được thụ lý để giải quyết.",
            f"Thời hạn giải quyết theo Điều 28 Luật Khiếu nại năm 2011: đến ngày {_dmy(facts.due_on)}.",
        ]
        recipients = ["Người khiếu nại", "Cơ quan, tổ chức, cá nhân có liên quan", "Lưu: VT, hồ sơ"]
    elif kind is PaperKind.NON_ACCEPTANCE_NOTICE:
        paragraphs = [
            f"Ngày {_dmy(facts.received_on)}, {issuer.short} nhận được đơn khiếu nại của {person} về {matter}.",
            "Căn cứ Điều 11 và Điều 27 Luật Khiếu nại năm 2011, khiếu nại không được thụ lý giải quyết với lý do: "
            f"{facts.reason or 'không đủ điều kiện thụ lý'}.",
            f"{issuer.short} thông báo để người khiếu nại biết.",
        ]
        recipients = ["Người khiếu nại", "Lưu: VT, hồ sơ"]
    elif kind is PaperKind.DENUNCIATION_ACCEPTANCE_NOTICE:
        paragraphs = [
            f"Ngày {_dmy(facts.received_on)}, {issuer.short} nhận được đơn tố cáo về {matter}.",
            "Căn cứ Điều 29 Luật Tố cáo năm 2018, tố cáo đã được thụ lý giải quyết. "
            f"Thời hạn giải quyết theo Điều 30 Luật Tố cáo năm 2018: đến ngày {_dmy(facts.due_on)}.",
            "Người tố cáo có quyền được giữ bí mật họ tên, địa chỉ, bút tích và thông tin cá nhân khác "
            "(Điều 9 Luật Tố cáo năm 2018).",
        ]
        recipients = ["Người tố cáo", "Lưu: VT, hồ sơ (bản không ghi danh tính người tố cáo)"]
    elif kind is PaperKind.TRANSFER_SLIP:
        paragraphs = [
            f"Ngày {_dmy(facts.received_on)}, {issuer.short} nhận được {facts.record_label} "
            f"({KIND_LABELS[facts.kind].lower()}) về {matter}.",
            "Căn cứ Luật Tiếp công dân năm 2013 và Thông tư số 05/2021/TT-TTCP, xét thấy nội dung đơn không "
            f"thuộc thẩm quyền giải quyết của {issuer.short}, {issuer.short} chuyển đơn đến "
            f"{facts.to_agency or 'cơ quan có thẩm quyền'} để xem xét, giải quyết theo quy định của pháp luật.",
            f"Đề nghị quý cơ quan thông báo kết quả giải quyết cho người gửi đơn và cho {issuer.short} biết.",
        ]
        recipients = [facts.to_agency or "Cơ quan có thẩm quyền", "Người gửi đơn (để biết)", "Lưu: VT, hồ sơ"]
    elif kind is PaperKind.GUIDANCE:
        paragraphs = [
            f"Ngày {_dmy(facts.received_on)}, {issuer.short} nhận được {facts.record_label} của {person} về {matter}.",
            "Căn cứ Thông tư số 05/2021/TT-TTCP, nội dung đơn không thuộc thẩm quyền giải quyết của "
            f"{issuer.short} hoặc chưa đủ điều kiện xử lý: {facts.reason or 'xem hướng dẫn dưới đây'}.",
            f"{issuer.short} trả lại đơn và hướng dẫn công dân gửi đơn đến "
            f"{facts.to_agency or 'cơ quan, người có thẩm quyền'} để được xem xét, giải quyết theo quy định.",
        ]
        recipients = ["Người gửi đơn", "Lưu: VT, hồ sơ"]
    elif kind is PaperKind.REFUSAL_NOTICE:
        reason = REFUSAL_LABELS[RefusalReason(facts.refusal_code)] if facts.refusal_code else "—"
        paragraphs = [
            f"Ngày {_dmy(facts.received_on)}, tại Trụ sở tiếp công dân của {issuer.short}, {person} đến "
            f"trình bày {KIND_LABELS[facts.kind].lower()} về {matter}.",
            f"Căn cứ Điều 9 Luật Tiếp công dân năm 2013, người tiếp công dân từ chối tiếp với lý do: {reason}.",
            f"{issuer.short} thông báo để công dân biết và thực hiện.",
        ]
        recipients = ["Công dân", "Lưu: VT, hồ sơ"]
    else:
        raise ValueError(kind)
    return PaperText(
        kind=kind,
        issuing_body=issuer.body,
        place=issuer.place,
        number_line=number_line(kind, number),
        issued_on=issued_on,
        addressee=person if kind in ADDRESSED_TO_CITIZEN else facts.to_agency,
        paragraphs=paragraphs,
        recipients=recipients,
        signer_title=issuer.signer_title,
        signer_name=issuer.signer_name,
        generic_person=_generic(facts),
        confidential=facts.kind is Kind.DENUNCIATION,
    )


@dataclass(frozen=True)
class ReceiptLookup:
    """A receipt's code and the page where it is looked up."""

    code: str
    url: str


def receipt_text(
    issued_on: date,
    issuer: Issuer,
    facts: MatterFacts,
    lookup: ReceiptLookup,
    handed_by: str | None,
    has_person: bool,
) -> PaperText:
    """Giấy biên nhận và phiếu hẹn: the receipt code and where to follow the case, the day the answer is due."""
    code, lookup_url = lookup.code, lookup.url
    person = PERSON if has_person else _generic(facts)
    return PaperText(
        kind=PaperKind.RECEIPT,
        issuing_body=issuer.body,
        place=issuer.place,
        number_line=f"Mã tra cứu: {format_code(code)}",
        issued_on=issued_on,
        addressee=person,
        paragraphs=[
            f"{issuer.short} đã nhận {facts.record_label} ({KIND_LABELS[facts.kind].lower()}) của {person} về "
            f"{_matter(facts)}, ngày "
            f"{_dmy(facts.received_on)}.",
            f"Hẹn trả lời kết quả xử lý: ngày {_dmy(facts.due_on)} (có thể thay đổi theo quy định của pháp luật).",
            "Tra cứu tình trạng vụ việc bằng mã tra cứu trên tại địa chỉ dưới đây hoặc quét mã QR. "
            "Mã tra cứu chỉ cho biết tình trạng, không hiển thị thông tin cá nhân.",
        ],
        recipients=["Người nộp đơn", "Lưu: VT, hồ sơ"],
        signer_title="NGƯỜI NHẬN",
        signer_name=handed_by or "",
        lookup_url=lookup_url,
        code=code,
        facts=[
            ("Loại vụ việc", KIND_LABELS[facts.kind]),
            ("Lĩnh vực", field_label(facts.field)),
            ("Ngày nhận", _dmy(facts.received_on)),
        ],
        generic_person=_generic(facts),
        confidential=facts.kind is Kind.DENUNCIATION,
    )


def _generic(facts: MatterFacts) -> str:
    return "Người tố cáo" if facts.kind is Kind.DENUNCIATION else "Công dân"
