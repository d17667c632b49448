"""The console's forms (Flask-WTF: every one carries its CSRF token). Field names are the ids pages and browser
tests rely on."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from tiepdan.kit.auth import ROLES

from ..domain.accounts import PASSWORD_MIN_LENGTH

ROLE_LABELS = {
    "clerk": _l("Cán bộ tiếp công dân"),
    "leader": _l("Lãnh đạo UBND"),
    "police": _l("Công an phường"),
    "party_inspection": _l("Ủy ban Kiểm tra Đảng ủy"),
    "party_standing": _l("Thường trực Đảng ủy"),
    "front": _l("Ủy ban MTTQ phường"),
    "party_building": _l("Ban Xây dựng Đảng"),
    "province": _l("Ban Tiếp công dân tỉnh"),
    "scheduler": _l("Người lập lịch trực"),
    "ops": _l("Vận hành hệ thống"),
    "admin": _l("Quản trị hệ thống"),
}
REQUIRED = _l("Bắt buộc nhập.")


class RoleChoices(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label: object, **kwargs: object) -> None:
        super().__init__(label, choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES], **kwargs)


class LoginForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(REQUIRED), Length(max=64)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(REQUIRED), Length(max=256)])
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired(REQUIRED), Length(max=256)])
    new_password = PasswordField(
        _l("Mật khẩu mới (ít nhất %(n)s ký tự)", n=PASSWORD_MIN_LENGTH),
        validators=[DataRequired(REQUIRED), Length(max=256)],
    )
    confirm_password = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[DataRequired(REQUIRED)])


class AccountForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(REQUIRED), Length(max=64)])
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(REQUIRED), Length(max=200)])
    agency = StringField(_l("Cơ quan, đơn vị công tác"), validators=[Length(max=200)])
    roles = RoleChoices(_l("Vai trò"))
    unit = StringField(_l("Mã đơn vị (phường)"), validators=[Length(max=64)])
    units = StringField(
        _l("Phạm vi cấp tỉnh: các mã đơn vị, cách nhau bởi dấu phẩy, hoặc *"), validators=[Length(max=2000)]
    )
    active = BooleanField(_l("Đang hoạt động"), default=True)
    password = PasswordField(
        _l("Mật khẩu ban đầu (ít nhất %(n)s ký tự)", n=PASSWORD_MIN_LENGTH), validators=[Length(max=256)]
    )


class PasswordResetForm(FlaskForm):
    new_password = PasswordField(
        _l("Mật khẩu tạm thời (người dùng phải đổi khi đăng nhập)"),
        validators=[DataRequired(REQUIRED), Length(max=256)],
    )


class ClientForm(FlaskForm):
    client_id = StringField(_l("Mã hệ thống (client_id)"), validators=[DataRequired(REQUIRED), Length(max=64)])
    name = StringField(_l("Tên hệ thống"), validators=[Length(max=200)])
    agency = StringField(_l("Cơ quan"), validators=[Length(max=200)])
    roles = RoleChoices(_l("Vai trò"))
    unit = StringField(_l("Mã đơn vị (phường)"), validators=[Length(max=64)])
    units = StringField(
        _l("Phạm vi cấp tỉnh: các mã đơn vị, cách nhau bởi dấu phẩy, hoặc *"), validators=[Length(max=2000)]
    )


class ConfirmForm(FlaskForm):
    """A button that changes something (sign out, disable, rotate): only its CSRF token."""


class LanguageForm(FlaskForm):
    lang = HiddenField()
    next = HiddenField()
