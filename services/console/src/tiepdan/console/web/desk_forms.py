"""The reception desk's forms: a visit (`POST /api/v1/visits`) and a written petition (`POST /api/v1/petitions`).
Field names are the API's; citizens are rows `citizens-N-<field>`, a sub-object's fields `<object>-<field>`.
The API checks the content: these forms only carry what was typed to it, and its errors back next to the fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice

from tiepdan.console.web.labels import FIELD_LABELS, KIND_LABELS

#: The closed lists of the intake API (docs/contract.md), in the words of the official forms.
RECEPTION_LABELS = {
    "regular": _l("Tiếp thường xuyên"),
    "periodic": _l("Tiếp định kỳ"),
    "unscheduled": _l("Tiếp đột xuất"),
    "delegated": _l("Tiếp theo ủy quyền"),
}
CHANNEL_LABELS = {
    "post": _l("Qua bưu chính"),
    "online": _l("Qua cổng thông tin điện tử"),
    "in_person": _l("Gửi trực tiếp"),
    "transferred": _l("Cơ quan khác chuyển đến"),
    "press": _l("Báo chí chuyển đến"),
}
ID_TYPE_LABELS = {"cccd": _l("Căn cước công dân"), "cmnd": _l("Chứng minh nhân dân"), "passport": _l("Hộ chiếu")}
REFUSAL_LABELS = {
    "intoxicated": _l("Say do dùng chất kích thích (Điều 9 khoản 1)"),
    "mental_incapacity": _l("Mất khả năng nhận thức, điều khiển hành vi (Điều 9 khoản 1)"),
    "threats_or_rule_breach": _l("Đe dọa, xúc phạm, vi phạm nội quy nơi tiếp công dân (Điều 9 khoản 2)"),
    "already_resolved": _l("Vụ việc đã giải quyết đúng pháp luật, đã thông báo bằng văn bản (Điều 9 khoản 3)"),
    "other_legal": _l("Trường hợp khác theo quy định của pháp luật (Điều 9 khoản 4)"),
}
NOT_CHOSEN = _l("— Chọn —")
#: Blank citizen rows a new form shows; "add a row" shows one more, up to MAX_CITIZEN_ROWS.
BLANK_CITIZEN_ROWS = 3
MAX_CITIZEN_ROWS = 200


def _choices(labels: dict[str, object], blank: object = NOT_CHOSEN) -> list[SelectChoice]:
    return [SelectChoice("", blank), *(SelectChoice(value, label) for value, label in labels.items())]


class Choice(SelectField):
    """A closed list the API checks (its message then stands next to the field): not checked twice here."""

    def __init__(self, label: object, **kwargs: object) -> None:
        super().__init__(label, validate_choice=False, **kwargs)


#: A citizen row with none of these typed is left out.
CITIZEN_TEXTS = ("full_name", "id_number", "phone", "address")
#: Typed as text and checked by the view (WTForms' own messages have no Vietnamese): dates, whole numbers.
DATE = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
NUMBER = {"inputmode": "numeric"}


class CitizenRow(Form):
    full_name = StringField(_l("Họ và tên"))
    id_type = Choice(_l("Loại giấy tờ"), choices=_choices(ID_TYPE_LABELS, _l("— Không ghi —")))
    id_number = StringField(_l("Số giấy tờ tùy thân"))
    phone = StringField(_l("Số điện thoại"))
    address = StringField(_l("Địa chỉ"))
    representative = BooleanField(_l("Người đại diện"))

    def is_blank(self) -> bool:
        return not any((getattr(self, name).data or "").strip() for name in CITIZEN_TEXTS)


class ObstacleSubform(Form):
    """Force majeure or another objective obstacle to filing (Luật Khiếu nại, Điều 9)."""

    start = StringField(_l("Trở ngại từ ngày"), render_kw=DATE)
    end = StringField(_l("đến ngày"), render_kw=DATE)
    reason = StringField(_l("Lý do trở ngại khách quan"))


class RefusalSubform(Form):
    reason_code = Choice(_l("Từ chối tiếp vì"), choices=_choices(REFUSAL_LABELS, _l("— Không từ chối —")))
    notice_no = StringField(_l("Số thông báo đã gửi"))


class DeskForm(FlaskForm):
    """What a visit and a petition share: the content, the citizens, the submission's Idempotency-Key."""

    idempotency_key = HiddenField()
    kind = Choice(_l("Loại đơn, việc"), choices=_choices(KIND_LABELS))
    field = Choice(_l("Lĩnh vực"), choices=_choices(FIELD_LABELS))
    subject = StringField(_l("Nội dung chính (tóm tắt một dòng)"))
    area = StringField(_l("Địa bàn (tổ dân phố, thôn)"))
    summary = TextAreaField(_l("Tóm tắt nội dung"))
    party_related = BooleanField(_l("Liên quan đến tổ chức, đảng viên"))
    case_id = StringField(_l("Mã vụ việc đã có (nếu công dân đến lại)"))
    complaint_round = Choice(
        _l("Lần khiếu nại"), choices=[SelectChoice("1", _l("Lần đầu")), SelectChoice("2", _l("Lần hai"))], default="1"
    )
    several_places = BooleanField(_l("Đơn gửi nhiều nơi"))
    paper_file_ref = StringField(_l("Số hồ sơ giấy"))
    known_on = StringField(_l("Ngày biết được quyết định, hành vi"), render_kw=DATE)
    filing_obstacle = FormField(ObstacleSubform)
    voter_list = BooleanField(_l("Khiếu nại về danh sách cử tri"))
    about_candidate = BooleanField(_l("Liên quan đến người ứng cử"))
    congress_personnel = BooleanField(_l("Tố cáo về nhân sự đại hội Đảng"))
    citizens = FieldList(FormField(CitizenRow), min_entries=BLANK_CITIZEN_ROWS, max_entries=MAX_CITIZEN_ROWS)


class VisitForm(DeskForm):
    received_at = StringField(
        _l("Thời điểm tiếp (để trống: bây giờ)"), render_kw={"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"}
    )
    reception = Choice(_l("Hình thức tiếp"), choices=_choices(RECEPTION_LABELS), default="regular")
    host_name = StringField(_l("Người chủ trì tiếp"))
    headcount = StringField(_l("Số người đến"), render_kw=NUMBER)
    handled_by = StringField(_l("Người trực tiếp tiếp"))
    notes = TextAreaField(_l("Ghi chú"))
    refusal = FormField(RefusalSubform)


class PetitionForm(DeskForm):
    channel = Choice(_l("Nguồn đơn"), choices=_choices(CHANNEL_LABELS))
    received_on = StringField(_l("Ngày nhận đơn"), render_kw=DATE)
    sender_agency = StringField(_l("Cơ quan chuyển đơn"))
    signers = StringField(_l("Số người ký đơn"), render_kw=NUMBER)
    signed = BooleanField(_l("Đơn có chữ ký hoặc điểm chỉ"), default=True)
    dated = BooleanField(_l("Đơn ghi ngày, tháng, năm"), default=True)
    in_vietnamese = BooleanField(_l("Đơn viết bằng tiếng Việt"), default=True)
    competent = Choice(
        _l("Thuộc thẩm quyền của UBND phường"),
        choices=[
            SelectChoice("", _l("Chưa xác định")),
            SelectChoice("true", _l("Có")),
            SelectChoice("false", _l("Không")),
        ],
    )
