"""What each broken account rule says on a page, next to its field; how the audit trail words its entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from tiepdan.kit.auth import ALL_UNITS

from ..domain.accounts import PASSWORD_MIN_LENGTH, AccountError
from .forms import ROLE_LABELS

RULE_MESSAGES = {
    "bad_username": _l("Chỉ gồm chữ thường không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới (2–64 ký tự)."),
    "username_taken": _l("Tên đăng nhập này đã có."),
    "client_taken": _l("Mã hệ thống này đã có."),
    "no_such_account": _l("Không có tài khoản này."),
    "no_role": _l("Chọn ít nhất một vai trò."),
    "unknown_role": _l("Vai trò không hợp lệ."),
    "bad_unit": _l("Mã đơn vị chỉ gồm chữ thường không dấu, chữ số và gạch ngang."),
    "unit_and_units": _l("Chọn một đơn vị hoặc phạm vi cấp tỉnh, không chọn cả hai."),
    "password_too_short": _l("Mật khẩu phải có ít nhất %(n)s ký tự.", n=PASSWORD_MIN_LENGTH),
    "password_is_username": _l("Mật khẩu không được trùng tên đăng nhập."),
    "password_unchanged": _l("Mật khẩu mới phải khác mật khẩu hiện tại."),
    "wrong_password": _l("Mật khẩu hiện tại không đúng."),
    "required": _l("Bắt buộc nhập."),
    "cannot_demote_self": _l("Không thể tự bỏ quyền quản trị hoặc tự khoá tài khoản của mình."),
}
#: Form fields a domain field maps to when their names differ.
FIELD_ALIASES = {"password": ("password", "new_password")}


def place_error(form: FlaskForm, error: AccountError) -> None:
    """Put the rule's message next to its field (or at the top of the form when it has no such field)."""
    message = str(RULE_MESSAGES.get(error.code, error.code))
    for name in (error.field, *FIELD_ALIASES.get(error.field, ())):
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message]
            return
    form.form_errors.append(message)


AUDIT_LABELS = {
    "sign_in": _l("Đăng nhập"),
    "sign_in_failed": _l("Đăng nhập không thành công"),
    "sign_in_refused_locked": _l("Đăng nhập khi đang bị khoá"),
    "lockout": _l("Tạm khoá do đăng nhập sai nhiều lần"),
    "sign_out": _l("Đăng xuất"),
    "account_created": _l("Tạo tài khoản"),
    "account_updated": _l("Sửa thông tin tài khoản"),
    "roles_changed": _l("Đổi vai trò, phạm vi"),
    "account_disabled": _l("Khoá tài khoản"),
    "account_enabled": _l("Mở lại tài khoản"),
    "password_changed": _l("Đổi mật khẩu"),
    "password_reset": _l("Đặt lại mật khẩu"),
    "client_registered": _l("Đăng ký hệ thống kết nối"),
    "key_rotated": _l("Đổi khoá ký"),
    "news_created": _l("Viết tin"),
    "news_approve": _l("Duyệt tin"),
    "news_publish": _l("Đăng tin"),
    "news_unpublish": _l("Gỡ tin"),
}


AUDIT_DETAIL_LABELS = {
    "roles": _l("Vai trò"),
    "roles_before": _l("Vai trò trước"),
    "roles_after": _l("Vai trò sau"),
    "scope": _l("Phạm vi"),
    "scope_before": _l("Phạm vi trước"),
    "scope_after": _l("Phạm vi sau"),
    "full_name": _l("Họ và tên"),
    "agency": _l("Cơ quan"),
    "unit": _l("Đơn vị"),
    "reason": _l("Lý do"),
    "failures": _l("Số lần sai liên tiếp"),
    "until": _l("Khoá đến"),
    "method": _l("Cách đăng nhập"),
    "claim": _l("Thuộc tính chứa vai trò"),
}
SIGN_IN_REFUSALS = {
    "wrong_password": _l("Sai mật khẩu"),
    "unknown_user": _l("Không có tài khoản này"),
    "disabled": _l("Tài khoản đã bị khoá"),
    "no_role": _l("Không được cấp vai trò nào"),
}
SIGN_IN_METHODS = {"oidc": _l("Đăng nhập một lần (OpenID Connect)")}


def audit_detail(detail: dict[str, Any]) -> list[tuple[str, str]]:
    """An entry's details as (label, text): roles, refusals and sign-in methods in words, times as dd/mm/yyyy HH:MM;
    anything else as stored, so a detail no table knows yet still shows."""
    return [(str(AUDIT_DETAIL_LABELS.get(key, key)), _detail_text(key, value)) for key, value in detail.items()]


def _detail_text(key: str, value: Any) -> str:
    if key.startswith("roles") and isinstance(value, list):
        return ", ".join(str(ROLE_LABELS.get(role, role)) for role in value)
    if key.startswith("scope") and value == ALL_UNITS:
        return str(_l("Phạm vi cấp tỉnh"))
    if key == "reason":
        return str(SIGN_IN_REFUSALS.get(value, value))
    if key == "method":
        return str(SIGN_IN_METHODS.get(value, value))
    if key == "until" and isinstance(value, str):
        try:
            return str(format_datetime(datetime.fromisoformat(value), "dd/MM/yyyy HH:mm"))
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
