"""Forms of the duty and reports pages (Flask-WTF, CSRF on each); field names are the ids browser tests use."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import TextInput

from .forms import REQUIRED
from .upstream import parse_day

BAD_DAY = _l("Ngày không hợp lệ (dd/mm/yyyy).")
NOT_A_NUMBER = _l("Phải là một số nguyên.")


class DayField(DateField):
    """A date shown and typed as dd/mm/yyyy (a text box: a date input shows the browser's own order); yyyy-mm-dd
    is taken too."""

    widget = TextInput()

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"})
        super().__init__(label, validators, format="%d/%m/%Y", **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not valuelist[0]:
            self.data = None
            return
        self.data = parse_day(str(valuelist[0]))
        if self.data is None:
            raise ValueError(str(BAD_DAY))


def not_before(start_field: str) -> Any:
    def check(form: FlaskForm, end: Any) -> None:
        start = getattr(form, start_field).data
        if start and end.data and end.data < start:
            raise ValidationError(str(_l("Ngày kết thúc không được trước ngày bắt đầu.")))

    return check


class SolveForm(FlaskForm):
    start = DayField(_l("Từ ngày"), validators=[DataRequired(REQUIRED)])
    end = DayField(_l("Đến ngày"), validators=[DataRequired(REQUIRED), not_before("start")])
    time_limit_s = IntegerField(
        _l("Thời gian xếp tối đa (giây)"),
        default=30,
        invalid_value_message=NOT_A_NUMBER,
        validators=[DataRequired(REQUIRED), NumberRange(1, 600, _l("Từ 1 đến 600 giây."))],
    )


class PublishForm(FlaskForm):
    pass


class LeaveForm(FlaskForm):
    staff_id = SelectField(_l("Cán bộ"), validators=[DataRequired(REQUIRED)], validate_choice=True)
    start = DayField(_l("Nghỉ từ ngày"), validators=[DataRequired(REQUIRED)])
    end = DayField(_l("Đến hết ngày"), validators=[DataRequired(REQUIRED), not_before("start")])
    reason = StringField(_l("Lý do"), validators=[Optional(), Length(max=500)])


TEMPLATE_CHOICES = [
    SelectChoice("01/TCD", _l("Biểu 01/TCD")),
    SelectChoice("02/XLD", _l("Biểu 02/XLD")),
    SelectChoice("daily", _l("Báo cáo ngày")),
    SelectChoice("plan", _l("Báo cáo kết quả thực hiện kế hoạch")),
]
PERIOD_CHOICES = [
    SelectChoice("dates", _l("Theo ngày")),
    SelectChoice("quarter", _l("Quý")),
    SelectChoice("6m", _l("6 tháng")),
    SelectChoice("9m", _l("9 tháng")),
    SelectChoice("year", _l("Năm")),
]
QUARTER_CHOICES = [SelectChoice("1", "I"), SelectChoice("2", "II"), SelectChoice("3", "III"), SelectChoice("4", "IV")]


class ReportForm(FlaskForm):
    template = SelectField(_l("Biểu mẫu"), choices=TEMPLATE_CHOICES)
    period_kind = SelectField(_l("Kỳ báo cáo"), choices=PERIOD_CHOICES)
    year = IntegerField(
        _l("Năm"),
        invalid_value_message=NOT_A_NUMBER,
        validators=[Optional(), NumberRange(2000, 2100, _l("Từ 2000 đến 2100."))],
    )
    quarter = SelectField(_l("Quý số"), choices=QUARTER_CHOICES, default="1")
    start = DayField(_l("Từ ngày"), validators=[Optional()])
    end = DayField(_l("Đến ngày"), validators=[Optional(), not_before("start")])

    def validate(self, extra_validators: Any = None) -> bool:
        """A periodic report needs its year; a report by dates needs both dates (each optional otherwise)."""
        valid = super().validate(extra_validators)
        needed = (self.start, self.end) if self.period_kind.data == "dates" else (self.year,)
        for wanted in needed:
            if wanted.data is None and not wanted.errors:
                wanted.errors = [*wanted.errors, str(REQUIRED)]
                valid = False
        return valid

    def period(self) -> dict[str, Any]:
        """The API's `period`: dates, or a periodic window (a quarter names its number)."""
        if self.period_kind.data == "dates":
            return {"from": self.start.data.isoformat(), "to": self.end.data.isoformat()}  # type: ignore[union-attr]
        window: dict[str, Any] = {"kind": self.period_kind.data, "year": self.year.data}
        if self.period_kind.data == "quarter":
            window["n"] = int(self.quarter.data or 1)
        return window
