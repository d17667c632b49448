"""The menu, by role: each entry names its page's endpoint and the roles that see it (empty: everyone signed in).
Pages of later parts add their entry here."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from ..domain import access
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
    NavItem("nav-desk", "desk.visits", _l("Tiếp công dân"), access.DESK),
    NavItem("nav-users", "admin.users", _l("Tài khoản"), access.ADMINISTRATION),
    NavItem("nav-clients", "admin.clients_page", _l("Hệ thống kết nối"), access.ADMINISTRATION),
    NavItem("nav-audit", "admin.audit_log", _l("Nhật ký"), access.ADMINISTRATION),
    NavItem("nav-cases", "cases.case_list", _l("Vụ việc"), access.CASES),
    NavItem("nav-deadlines", "cases.deadline_board", _l("Thời hạn"), access.CASES),
    NavItem("nav-alerts", "live.alerts_board", _l("Cảnh báo"), access.ALERTS_READ),
    NavItem("nav-inbox", "inbox.inbox", _l("Hộp thư"), access.INBOX),
    NavItem("nav-police", "live.police_view", _l("Công an phường"), access.POLICE_VIEW),
    NavItem("nav-province", "live.province_view", _l("Các phường"), access.PROVINCE_VIEW),
    NavItem("nav-news", "news.manage", _l("Tin tức"), access.NEWS_WRITE),
    NavItem("nav-plans", "response_plans.plans", _l("Phương án xử lý"), access.RESPONSE_PLANS_READ),
    NavItem("nav-enforcements", "enforcements.enforcements", _l("Cưỡng chế"), access.ENFORCEMENTS),
    NavItem("nav-outreach", "outreach.outreach", _l("Vận động"), access.OUTREACH),
    NavItem("nav-receptions", "receptions.receptions", _l("Tiếp đột xuất"), access.RECEPTIONS_READ),
    NavItem("nav-working-group", "working_group.working_groups", _l("Tổ công tác"), access.WORKING_GROUP_READ),
    NavItem("nav-roster", "duty.calendar", _l("Lịch trực"), access.DUTY),
    NavItem("nav-reports", "reports.overview", _l("Báo cáo"), access.REPORTS),
    NavItem("nav-password", "auth.change_password", _l("Đổi mật khẩu")),
)


def menu_for(account: Account) -> list[NavItem]:
    return [item for item in NAVIGATION if item.visible_to(account)]
