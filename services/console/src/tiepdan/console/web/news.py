"""News for the ward's public page: a clerk writes an item, a leader approves, publishes and unpublishes it. Only
the staff of the item's unit see it (another unit's item is not found)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..domain import access
from ..domain.news import BODY_MAX, TITLE_MAX, TRANSITIONS, NewsDraft, NewsError
from ..service import news
from ..service.unit_of_work import console_work
from .context import actor, console, current_account, roles_required
from .forms import REQUIRED, ConfirmForm
from .public import forget_news

blueprint = Blueprint("news", __name__, url_prefix="/admin/news")
STATUS_LABELS = {
    "draft": _l("Chờ duyệt"),
    "approved": _l("Đã duyệt, chưa đăng"),
    "published": _l("Đang đăng"),
    "unpublished": _l("Đã gỡ"),
}
ACTION_LABELS = {"approve": _l("Duyệt"), "publish": _l("Đăng"), "unpublish": _l("Gỡ xuống")}
NEWS_MESSAGES = {
    "required": _l("Bắt buộc nhập."),
    "too_long": _l("Quá dài."),
    "personal_data": _l(
        "Tin đăng công khai không được có thông tin cá nhân (số định danh, số điện thoại, thư điện tử)."
    ),
    "wrong_state": _l("Tin này không ở trạng thái cho phép thao tác đó."),
}


class NewsForm(FlaskForm):
    title = StringField(_l("Tiêu đề"), validators=[DataRequired(REQUIRED), Length(max=TITLE_MAX)])
    body = TextAreaField(_l("Nội dung"), validators=[DataRequired(REQUIRED), Length(max=BODY_MAX)])


def _units() -> frozenset[str] | None:
    """The units whose news the signed-in person handles (None: every unit)."""
    account = current_account()
    assert account is not None
    scope = account.scope
    if scope.units is None:
        return frozenset({scope.unit}) if scope.unit else frozenset()
    return None if scope.every_unit else frozenset(scope.units)


def _home_unit() -> str:
    account = current_account()
    assert account is not None
    return account.scope.unit or console().runtime.settings.unit


def _page(form: NewsForm, status: int = 200) -> tuple[str, int]:
    items = news.for_units(console_work(console().runtime), _units())
    page = render_template(
        "news/manage.html",
        form=form,
        items=items,
        confirm=ConfirmForm(),
        status_labels=STATUS_LABELS,
        action_labels=ACTION_LABELS,
        transitions=TRANSITIONS,
        may_decide=bool(current_account() and current_account().has_any(access.NEWS_DECIDE)),  # type: ignore[union-attr]
    )
    return page, status


@blueprint.get("")
@roles_required(*access.NEWS_WRITE)
def manage() -> Any:
    return _page(NewsForm())


@blueprint.post("")
@roles_required(*access.NEWS_WRITE)
def create() -> Any:
    form = NewsForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    try:
        news.create(
            console_work(console().runtime),
            _home_unit(),
            NewsDraft(form.title.data or "", form.body.data or ""),
            actor(),
        )
    except NewsError as exc:
        field = getattr(form, exc.field, None)
        message = str(NEWS_MESSAGES.get(exc.code, exc.code))
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)
        return _page(form, 422)
    flash(_("Đã lưu tin, chờ lãnh đạo duyệt."), "success")
    return redirect("/admin/news")


@blueprint.post("/<item_id>/<action>")
@roles_required(*access.NEWS_DECIDE)
def decide(item_id: str, action: str) -> Response:
    if action not in TRANSITIONS or not ConfirmForm().validate_on_submit():
        abort(404 if action not in TRANSITIONS else 400)
    try:
        item = news.act(console_work(console().runtime), item_id, _units(), action, actor())
    except NewsError as exc:
        if exc.code == "not_found":
            abort(404)
        flash(str(NEWS_MESSAGES.get(exc.code, exc.code)), "error")
        return redirect("/admin/news")
    forget_news(item.unit)
    flash(_("Đã cập nhật tin “%(title)s”.", title=item.title), "success")
    return redirect("/admin/news")
