"""The menu, by role: each entry names its page's endpoint and the roles that see it (empty: everyone signed in).
Pages of later parts add their entry here."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from ..domain.accounts import Account


@dataclass(frozen=True)
class NavItem:
    id: str
    endpoint: str
    label: LazyString
    roles: frozenset[str] = frozenset()

    def visible_to(self, account: Account) -> bool:
        return not self.roles or account.has_any(self.roles)


NAVIGATION = (
    NavItem("nav-home", "home.index", _l("Trang chủ")),
    NavItem("nav-desk", "desk.visits", _l("Tiếp công dân"), frozenset({"clerk"})),
    NavItem("nav-users", "admin.users", _l("Tài khoản"), frozenset({"admin"})),
    NavItem("nav-clients", "admin.clients_page", _l("Hệ thống kết nối"), frozenset({"admin"})),
    NavItem("nav-audit", "admin.audit_log", _l("Nhật ký"), frozenset({"admin"})),
    NavItem("nav-cases", "cases.case_list", _l("Vụ việc"), frozenset({"clerk", "leader"})),
    NavItem("nav-deadlines", "cases.deadline_board", _l("Thời hạn"), frozenset({"clerk", "leader"})),
    NavItem(
        "nav-alerts",
        "live.alerts_board",
        _l("Cảnh báo"),
        frozenset({"clerk", "leader", "police", "party_inspection", "party_standing", "province"}),
    ),
    NavItem(
        "nav-inbox",
        "inbox.inbox",
        _l("Hộp thư"),
        frozenset({"clerk", "leader", "police", "party_inspection", "party_standing", "province"}),
    ),
    NavItem("nav-police", "live.police_view", _l("Công an phường"), frozenset({"police", "leader"})),
    NavItem("nav-province", "live.province_view", _l("Các phường"), frozenset({"province"})),
    NavItem("nav-news", "news.manage", _l("Tin tức"), frozenset({"clerk", "leader"})),
    NavItem("nav-roster", "duty.calendar", _l("Lịch trực"), frozenset({"clerk", "leader", "scheduler", "admin"})),
    NavItem("nav-reports", "reports.overview", _l("Báo cáo"), frozenset({"leader", "province"})),
    NavItem("nav-password", "auth.change_password", _l("Đổi mật khẩu")),
)


def menu_for(account: Account) -> list[NavItem]:
    return [item for item in NAVIGATION if item.visible_to(account)]
