"""Sign-in, sign-out, changing one's own password, the page language."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, flash, redirect, render_template, request, session
from flask_babel import gettext as _
from flask_limiter import Limiter
from werkzeug.wrappers import Response

from ..domain.accounts import Account, AccountError
from ..service import accounts, signin
from ..service.unit_of_work import console_work
from .context import LANGUAGES, client_address, console, current_account, login_required, safe_next
from .forms import ConfirmForm, LanguageForm, LoginForm, PasswordChangeForm
from .messages import place_error
from .sessions import ServerSession

blueprint = Blueprint("auth", __name__)


def limit_sign_in(app: Flask, limiter: Limiter, rate: str) -> None:
    """Per client address, on the sign-in POST only (the form itself may be opened freely)."""
    endpoint = f"{blueprint.name}.{login.__name__}"
    limited: Any = limiter.limit(rate, methods=["POST"])(app.view_functions[endpoint])
    app.view_functions[endpoint] = limited


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> Any:
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"))
        if current_account() is not None:
            return redirect(form.next.data)
    error = None
    if form.validate_on_submit():
        ctx = console()
        result = signin.sign_in(
            console_work(ctx.runtime),
            ctx.config.lockout,
            form.username.data or "",
            form.password.data or "",
            client_address(),
        )
        if result.outcome == "signed_in" and result.account is not None:
            begin_session(result.account)
            if result.account.must_change_password:
                return redirect("/account/password")
            return redirect(safe_next(form.next.data))
        if result.outcome == "locked":
            error = _(
                "Tài khoản tạm thời bị khoá do đăng nhập sai nhiều lần. Vui lòng thử lại sau %(minutes)s phút.",
                minutes=int(ctx.config.lockout.duration.total_seconds() // 60),
            )
        else:
            error = _("Tên đăng nhập hoặc mật khẩu không đúng.")
    status = 401 if error else 200
    expired = request.args.get("expired") == "1"
    return render_template("login.html", form=form, error=error, expired=expired), status


def begin_session(account: Account) -> None:
    """A new session id for the signed-in person (no fixation); the chosen language stays."""
    language = session.get("lang")
    session.clear()
    assert isinstance(session, ServerSession)
    session.regenerate = True
    session["account_id"] = account.id
    if language:
        session["lang"] = language


@blueprint.post("/logout")
def logout() -> Response:
    form = ConfirmForm()
    if form.validate_on_submit():
        account = current_account()
        if account is not None:
            signin.sign_out(console_work(console().runtime), account.username, client_address())
        language = session.get("lang")
        session.clear()
        if language:
            session["lang"] = language
    return redirect("/login")


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Any:
    account = current_account()
    assert account is not None
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if form.new_password.data != form.confirm_password.data:
            form.confirm_password.errors = [_("Hai lần nhập mật khẩu mới không khớp.")]
        else:
            try:
                accounts.change_own_password(
                    console_work(console().runtime),
                    account.id,
                    form.current_password.data or "",
                    form.new_password.data or "",
                    client_address(),
                )
            except AccountError as exc:
                place_error(form, exc)
            else:
                flash(_("Đã đổi mật khẩu."), "success")
                return redirect("/")
    status = 422 if form.errors or form.form_errors else 200
    return render_template("account_password.html", form=form, forced=account.must_change_password), status


@blueprint.post("/language")
def language() -> Response:
    form = LanguageForm()
    if form.validate_on_submit() and form.lang.data in LANGUAGES:
        session["lang"] = form.lang.data
    return redirect(safe_next(request.form.get("next")))
