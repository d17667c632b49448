"""Administration: accounts (list, create, edit, disable, reset a password), agencies' clients, the audit trail,
signing key rotation. Administrators only."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..domain import access
from ..domain.accounts import Account, AccountError
from ..service import accounts, audit, clients, tokens
from ..service.accounts import AccountDraft
from ..service.unit_of_work import console_work
from .context import actor, console, roles_required
from .forms import AccountForm, ClientForm, ConfirmForm, PasswordResetForm
from .messages import audit_detail, place_error

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


@blueprint.get("/users")
@roles_required(*access.ADMINISTRATION)
def users() -> str:
    return render_template("admin/users.html", accounts=accounts.list_accounts(console_work(console().runtime)))


def _draft(form: AccountForm, username: str) -> AccountDraft:
    return AccountDraft(
        username=username,
        full_name=form.full_name.data or "",
        agency=form.agency.data or "",
        roles=tuple(form.roles.data or ()),
        unit=form.unit.data,
        units=form.units.data,
        active=bool(form.active.data),
    )


def _form_status(form: Any) -> int:
    return 422 if form.errors or form.form_errors else 200


@blueprint.route("/users/new", methods=["GET", "POST"])
@roles_required(*access.ADMINISTRATION)
def new_user() -> Any:
    form = AccountForm()
    if form.validate_on_submit():
        username = (form.username.data or "").strip().lower()
        try:
            accounts.create_account(
                console_work(console().runtime),
                _draft(form, username),
                form.password.data or "",
                actor(),
                must_change=True,
            )
        except AccountError as exc:
            place_error(form, exc)
        else:
            flash(_("Đã tạo tài khoản %(username)s.", username=username), "success")
            return redirect(f"/admin/users/{username}")
    return render_template("admin/user_form.html", form=form, edited=None), _form_status(form)


def _fill(form: AccountForm, account: Account) -> None:
    form.username.data = account.username
    form.full_name.data = account.full_name
    form.agency.data = account.agency
    form.roles.data = list(account.roles)
    form.unit.data = account.scope.unit or ""
    units = account.scope.stored_units()
    form.units.data = units if isinstance(units, str) else ", ".join(units or [])
    form.active.data = account.active


@blueprint.route("/users/<username>", methods=["GET", "POST"])
@roles_required(*access.ADMINISTRATION)
def edit_user(username: str) -> Any:
    runtime = console().runtime
    account = accounts.get_account(console_work(runtime), username)
    if account is None:
        abort(404)
    form = AccountForm()
    if request.method == "GET":
        _fill(form, account)
    else:
        form.username.data = account.username  # not editable: the form shows it read-only
        if form.validate_on_submit():
            try:
                account = accounts.update_account(console_work(runtime), _draft(form, account.username), actor())
            except AccountError as exc:
                place_error(form, exc)
            else:
                flash(_("Đã lưu tài khoản %(username)s.", username=account.username), "success")
                return redirect(f"/admin/users/{account.username}")
    return (
        render_template(
            "admin/user_form.html", form=form, edited=account, reset_form=PasswordResetForm(), confirm=ConfirmForm()
        ),
        _form_status(form),
    )


@blueprint.post("/users/<username>/disable")
@roles_required(*access.ADMINISTRATION)
def disable_user(username: str) -> Response:
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            accounts.disable_account(console_work(console().runtime), username, actor())
        except AccountError as exc:
            flash(_("Không khoá được tài khoản: %(reason)s", reason=_rule(exc)), "error")
        else:
            flash(_("Đã khoá tài khoản %(username)s.", username=username), "success")
    return redirect(f"/admin/users/{username}")


@blueprint.post("/users/<username>/password")
@roles_required(*access.ADMINISTRATION)
def reset_password(username: str) -> Any:
    runtime = console().runtime
    account = accounts.get_account(console_work(runtime), username)
    if account is None:
        abort(404)
    reset_form = PasswordResetForm()
    if reset_form.validate_on_submit():
        try:
            accounts.reset_password(console_work(runtime), username, reset_form.new_password.data or "", actor())
        except AccountError as exc:
            place_error(reset_form, exc)
        else:
            flash(_("Đã đặt mật khẩu tạm thời; người dùng phải đổi khi đăng nhập."), "success")
            return redirect(f"/admin/users/{username}")
    form = AccountForm(formdata=None)
    _fill(form, account)
    page = render_template(
        "admin/user_form.html", form=form, edited=account, reset_form=reset_form, confirm=ConfirmForm()
    )
    return page, 422


def _rule(error: AccountError) -> str:
    from .messages import RULE_MESSAGES

    return str(RULE_MESSAGES.get(error.code, error.code))


@blueprint.get("/audit")
@roles_required(*access.ADMINISTRATION)
def audit_log() -> str:
    before = request.args.get("before", type=int)
    entries, next_before = audit.read(console_work(console().runtime), before=before)
    return render_template("admin/audit.html", entries=entries, next_before=next_before, audit_detail=audit_detail)


@blueprint.route("/clients", methods=["GET", "POST"])
@roles_required(*access.ADMINISTRATION)
def clients_page() -> Any:
    runtime = console().runtime
    form = ClientForm()
    secret = None
    registered = None
    if form.validate_on_submit():
        try:
            draft = clients.ClientDraft(
                form.client_id.data or "",
                name=form.name.data or "",
                agency=form.agency.data or "",
                roles=tuple(form.roles.data or ()),
                unit=form.unit.data,
                units=form.units.data,
            )
            registered, secret = clients.register_client(console_work(runtime), draft, actor())
        except AccountError as exc:
            place_error(form, exc)
        else:
            form = ClientForm(formdata=None)
    return (
        render_template(
            "admin/clients.html",
            form=form,
            clients=clients.list_clients(console_work(runtime)),
            registered=registered,
            secret=secret,
            rotate=ConfirmForm(),
        ),
        _form_status(form),
    )


@blueprint.post("/keys/rotate")
@roles_required(*access.ADMINISTRATION)
def rotate_key() -> Response:
    form = ConfirmForm()
    if form.validate_on_submit():
        ctx = console()
        kid = tokens.rotate_signing_key(console_work(ctx.runtime), actor())
        ctx.signer.forget_key()
        flash(_("Đã đổi khoá ký; khoá mới: %(kid)s.", kid=kid), "success")
    return redirect("/admin/clients")
