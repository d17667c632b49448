# ruff: noqa: E501 (the Vietnamese texts are the keys, whole)
"""The English catalogue of the console's pages: `python tools/english.py` re-extracts the Vietnamese texts into
messages.pot, writes en/LC_MESSAGES/messages.po from the table below and compiles messages.mo (committed, so
`make run` needs no build step). A test fails when a page text has no English here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent.parent
CATALOGUES = HERE / "src" / "tiepdan" / "console" / "translations"

ENGLISH = {
    "Ban Tiếp công dân tỉnh": "Provincial Citizen Reception Board",
    "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và gửi lại.": (
        "The form has expired or is not valid. Please reload the page and send it again."
    ),
    "Bạn không có quyền mở trang này.": "You may not open this page.",
    "Bắt buộc nhập.": "Required.",
    "Bỏ qua, đến nội dung chính": "Skip to the main content",
    "Chi tiết": "Details",
    "Chỉ gồm chữ thường không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới (2–64 ký tự).": (
        "Lower-case letters without accents, digits, dots, hyphens and underscores only (2–64 characters)."
    ),
    "Chọn một đơn vị hoặc phạm vi cấp tỉnh, không chọn cả hai.": "Choose one unit or a province scope, not both.",
    "Chọn ít nhất một vai trò.": "Choose at least one role.",
    "Các dịch vụ kiểm tra mã truy cập bằng khoá công khai tại /.well-known/jwks.json. Đổi khoá không làm mất hiệu lực các mã đang dùng.": (
        "The services check access tokens with the public keys at /.well-known/jwks.json. A new key does not "
        "invalidate the tokens in use."
    ),
    "Cán bộ tiếp công dân": "Reception officer",
    "Công an phường": "Ward police",
    "Cũ hơn →": "Older →",
    "Cơ quan": "Agency",
    "Cơ quan, đơn vị công tác": "Agency",
    "Cảnh báo đang mở": "Open alerts",
    "Cấp tỉnh: để trống ô trên.": "Province scope: leave the field above empty.",
    "Danh sách hệ thống": "Registered systems",
    "Danh sách tài khoản": "Accounts",
    "Dịch vụ cảnh báo trả lời: %(problem)s": "The alerts service answered: %(problem)s",
    "Hai lần nhập mật khẩu mới không khớp.": "The two new passwords differ.",
    "Hiện không kết nối được dịch vụ cảnh báo. Số liệu sẽ hiển thị lại khi dịch vụ hoạt động.": (
        "The alerts service cannot be reached just now. The figures will return when it is back."
    ),
    "Hành động": "Action",
    "Hệ thống kết nối": "Connected systems",
    "Hệ thống kết nối của các cơ quan": "Agencies' connected systems",
    "Hệ thống lấy mã truy cập tại /oauth/token (OAuth 2.0, client credentials).": (
        "A system obtains its access tokens at /oauth/token (OAuth 2.0, client credentials)."
    ),
    "Họ và tên": "Full name",
    "Khoá ký mã truy cập": "Token signing key",
    "Khoá tài khoản": "Disable the account",
    "Không có tài khoản này.": "No such account.",
    "Không khoá được tài khoản: %(reason)s": "The account was not disabled: %(reason)s",
    "Không thể tự bỏ quyền quản trị hoặc tự khoá tài khoản của mình.": (
        "You cannot remove your own administrator role or disable your own account."
    ),
    "Không tìm thấy trang.": "Page not found.",
    "Lãnh đạo UBND": "Ward People's Committee leader",
    "Lưu": "Save",
    "Lưu mật khẩu": "Save the password",
    "Lỗi": "Error",
    "Mã hệ thống (client_id)": "System id (client_id)",
    "Mã hệ thống này đã có.": "This system id exists already.",
    "Mã đơn vị (phường)": "Unit code (ward)",
    "Mã đơn vị chỉ gồm chữ thường không dấu, chữ số và gạch ngang.": (
        "A unit code has lower-case letters without accents, digits and hyphens only."
    ),
    "Mật khẩu": "Password",
    "Mật khẩu ban đầu (ít nhất %(n)s ký tự)": "First password (at least %(n)s characters)",
    "Mật khẩu của hệ thống (client_secret) chỉ hiển thị một lần này. Hãy sao chép và giao cho cơ quan một cách an toàn.": (
        "The system's secret (client_secret) is shown this once only. Copy it and hand it to the agency safely."
    ),
    "Mật khẩu hiện tại": "Current password",
    "Mật khẩu hiện tại không đúng.": "The current password is wrong.",
    "Mật khẩu không được trùng tên đăng nhập.": "The password must not be the username.",
    "Mật khẩu mới (ít nhất %(n)s ký tự)": "New password (at least %(n)s characters)",
    "Mật khẩu mới phải khác mật khẩu hiện tại.": "The new password must differ from the current one.",
    "Mật khẩu phải có ít nhất %(n)s ký tự.": "The password needs at least %(n)s characters.",
    "Mật khẩu tạm thời (người dùng phải đổi khi đăng nhập)": "Temporary password (to be changed at sign-in)",
    "Một phường: mã đơn vị, ví dụ bach-quang.": "One ward: its unit code, e.g. bach-quang.",
    "Mở lại tài khoản": "Account enabled",
    "Người dùng mất quyền truy cập ngay ở thao tác tiếp theo.": "The person loses access at their next request.",
    "Người dùng phải đổi mật khẩu khi đăng nhập lần tới.": "The person must change the password at the next sign-in.",
    "Người dùng phải đổi mật khẩu này khi đăng nhập lần đầu.": "The person must change this password at first sign-in.",
    "Người lập lịch trực": "Duty roster keeper",
    "Người thực hiện": "By",
    "Nhập lại mật khẩu mới": "New password again",
    "Nhật ký": "Audit",
    "Nhật ký truy cập và thay đổi": "Sign-ins and changes",
    "Nhật ký, mới nhất trước": "Audit trail, newest first",
    "Nội dung gửi lên quá lớn.": "What was sent is too large.",
    "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.": "Your session has expired. Please sign in again.",
    "Phương thức không được hỗ trợ.": "Method not allowed.",
    "Phạm vi": "Scope",
    "Phạm vi cấp tỉnh": "Province scope",
    "Phạm vi cấp tỉnh: các mã đơn vị, cách nhau bởi dấu phẩy, hoặc *": "Province scope: unit codes separated by commas, or *",
    "Quá nhiều lần thử. Vui lòng đợi một lúc rồi thử lại.": "Too many attempts. Please wait a moment and try again.",
    "Quản trị hệ thống": "System administrator",
    "Quản trị viên đã đặt lại mật khẩu của bạn. Vui lòng đặt mật khẩu mới trước khi tiếp tục.": (
        "An administrator has reset your password. Please choose a new one before you go on."
    ),
    "Sửa thông tin tài khoản": "Account details changed",
    "Thời gian": "Time",
    "Tiếp Dân": "Tiếp Dân",
    "Trang chủ": "Home",
    "Trạng thái": "Status",
    "Tài khoản": "Accounts",
    "Tài khoản %(username)s": "Account %(username)s",
    "Tài khoản này đã bị khoá.": "This account is disabled.",
    "Tài khoản tạm thời bị khoá do đăng nhập sai nhiều lần. Vui lòng thử lại sau %(minutes)s phút.": (
        "The account is locked for a while after too many failed sign-ins. Please try again in %(minutes)s minutes."
    ),
    "Tên": "Name",
    "Tên hệ thống": "System name",
    "Tên đăng nhập": "Username",
    "Tên đăng nhập hoặc mật khẩu không đúng.": "Wrong username or password.",
    "Tên đăng nhập này đã có.": "This username exists already.",
    "Tạm khoá do đăng nhập sai nhiều lần": "Locked after failed sign-ins",
    "Tạo tài khoản": "Create an account",
    "Vai trò": "Roles",
    "Vai trò không hợp lệ.": "Unknown role.",
    "Vận hành hệ thống": "Operations",
    "Về trang chủ": "Back to the home page",
    "Xin chào, %(name)s": "Hello, %(name)s",
    "Yêu cầu không hợp lệ.": "Bad request.",
    "Đang hoạt động": "Active",
    "Điều hướng chính": "Main navigation",
    "Đã có lỗi xảy ra.": "Something went wrong.",
    "Đã có lỗi xảy ra. Vui lòng thử lại sau.": "Something went wrong. Please try again later.",
    "Đã khoá": "Disabled",
    "Đã khoá tài khoản %(username)s.": "Account %(username)s disabled.",
    "Đã lưu tài khoản %(username)s.": "Account %(username)s saved.",
    "Đã tạo tài khoản %(username)s.": "Account %(username)s created.",
    "Đã đăng ký %(client)s": "%(client)s registered",
    "Đã đặt mật khẩu tạm thời; người dùng phải đổi khi đăng nhập.": (
        "Temporary password set; the person must change it at sign-in."
    ),
    "Đã đổi khoá ký; khoá mới: %(kid)s.": "Signing key changed; the new key is %(kid)s.",
    "Đã đổi mật khẩu.": "Password changed.",
    "Đăng ký": "Register",
    "Đăng ký hệ thống kết nối": "System registered",
    "Đăng ký hệ thống mới": "Register a new system",
    "Đăng nhập": "Sign in",
    "Đăng nhập khi đang bị khoá": "Sign-in while locked",
    "Đăng nhập không thành công": "Failed sign-in",
    "Đăng xuất": "Sign out",
    "Đơn vị %(code)s": "Unit %(code)s",
    "Đặt lại mật khẩu": "Reset the password",
    "Đặt mật khẩu tạm thời": "Set a temporary password",
    "Địa chỉ": "Address",
    "Đối tượng": "Subject",
    "Đổi khoá ký": "Change the signing key",
    "Đổi mật khẩu": "Change password",
    "Đổi vai trò, phạm vi": "Roles or scope changed",
    "Ủy ban Kiểm tra Đảng ủy": "Party Inspection Committee",
    "← Danh sách tài khoản": "← Accounts",
    # ---- duty calendar (/roster) and reports (/reports) pages ----
    "6 tháng": "6 months",
    "9 tháng": "9 months",
    "Biểu 01/TCD": "Form 01/TCD",
    "Biểu 02/XLD": "Form 02/XLD",
    "Biểu mẫu": "Form",
    "Biểu mẫu lập báo cáo chưa hợp lệ: xem các ô được đánh dấu.": "The report form is not valid: see the marked fields.",
    "Biểu đồ lượt tiếp": "Charts of receptions",
    "Báo cáo": "Reports",
    "Báo cáo ngày": "Daily report",
    "Báo cáo đã lập": "Reports made",
    "Báo cáo, thống kê": "Reports and figures",
    "Bình thường": "Normal",
    "Bản dự thảo": "Draft",
    "Bảng số liệu": "Table of figures",
    "Bảng số liệu %(breakdown)s": "Figures %(breakdown)s",
    "Bộ giải dừng khi hết thời gian này và trả bản tốt nhất tìm được.": "The solver stops after this time and returns the best roster it found.",
    "Ca ngày nghỉ": "Shifts on days off",
    "Cao điểm": "Critical",
    "Chiều": "Afternoon",
    "Chênh lệch": "Difference",
    "Chênh lệch ca nặng, nhóm %(skill)s": "Spread of heavy shifts, group %(skill)s",
    "Chú giải": "Legend",
    "Chưa có báo cáo nào.": "No report yet.",
    "Chưa có cán bộ nào.": "No officer yet.",
    "Chưa có lịch trực nào.": "No roster yet.",
    "Chưa có lịch trực đã công bố cho tháng này.": "No published roster for this month yet.",
    "Chỉ tiêu": "Figure",
    "Chốt số liệu": "Cut-off",
    "Chủ Nhật": "Sunday",
    "Các lịch trực": "Rosters",
    "Các lịch trực đã công bố bị ảnh hưởng đang được xếp lại.": "The published rosters it affects are being re-planned.",
    "Các ngày bị ảnh hưởng của lịch trực đã công bố được xếp lại và công bố lại.": "The affected days of published rosters are re-planned and published again.",
    "Các trang lịch trực": "Duty pages",
    "Cách lập": "Made",
    "Cán bộ": "Officer",
    "Cán bộ trực và nghỉ phép": "Duty officers and leave",
    "Cán bộ và nghỉ phép": "Staff and leave",
    "Có %(n)s chênh lệch giữa báo cáo và sổ.": "%(n)s differences between the reports and the register.",
    "Công bố lúc": "Published at",
    "Công bố lịch trực": "Publish the roster",
    "Danh sách cán bộ trực": "Duty officers",
    "Ghi nghỉ phép": "Record leave",
    "Hiện không kết nối được %(service)s. Vui lòng thử lại sau.": "The %(service)s cannot be reached right now. Please try again later.",
    "Khoảng cách tối ưu": "Optimality gap",
    "Khoảng thời gian": "Period",
    "Khoảng thời gian không hợp lệ (dd/mm/yyyy); đang xem tháng này.": "The period is not valid (dd/mm/yyyy); showing this month.",
    "Khoảng thời gian tối đa %(days)s ngày; đang xem tháng này.": "A period is at most %(days)s days; showing this month.",
    "Không có ai trong lịch trực đã công bố vào lúc này.": "Nobody in the published rosters is on duty now.",
    "Không có số liệu trong khoảng thời gian này.": "No figures in this period.",
    "Không có số liệu.": "No figures.",
    "Không có vi phạm: mọi ca đều đủ người theo quy định.": "No violation: every shift has the people the rules ask for.",
    "Không công bố được: %(problem)s": "Could not publish: %(problem)s",
    "Không lập được báo cáo: %(problem)s": "Could not make the report: %(problem)s",
    "Không xếp được": "Infeasible",
    "Khớp: số liệu báo cáo trùng với sổ.": "Matches: the report figures equal the register.",
    "Kiểm tra bản dự thảo, các vi phạm và thống kê dưới đây trước khi công bố.": "Check the draft, its violations and statistics below before publishing.",
    "Kỳ báo cáo": "Reporting period",
    "Kỹ năng": "Skills",
    "Lãnh đạo tiếp công dân": "Leader's reception",
    "Lý do": "Reason",
    "Lượt tiếp": "Receptions",
    "Lượt tiếp %(breakdown)s": "Receptions %(breakdown)s",
    "Lập báo cáo": "Make a report",
    "Lập lúc": "Made at",
    "Lịch tháng": "Month",
    "Lịch trực": "Duty roster",
    "Lịch trực %(start)s – %(end)s": "Roster %(start)s – %(end)s",
    "Lịch trực tháng %(month)s/%(year)s": "Duty roster for %(month)s/%(year)s",
    "Lịch trực tiếp công dân": "Citizen reception duty roster",
    "Lịch trực đã công bố trong tháng": "Published rosters this month",
    "Mã": "Code",
    "Nghỉ phép": "Leave",
    "Nghỉ từ ngày": "Leave from",
    "Ngày": "Date",
    "Ngày có sổ: %(a)s; ngày có hoạt động: %(b)s.": "Days with a register: %(a)s; days with activity: %(b)s.",
    "Ngày không hợp lệ (dd/mm/yyyy).": "Not a valid date (dd/mm/yyyy).",
    "Ngày kết thúc không được trước ngày bắt đầu.": "The end may not be before the start.",
    "Ngày kết thúc trước ngày bắt đầu; đang xem tháng này.": "The end is before the start; showing this month.",
    "Ngày lãnh đạo tiếp công dân": "Leader's reception day",
    "Ngày nghỉ": "Day off",
    "Người trong đoàn": "People in groups",
    "Người được tiếp": "People received",
    "Năm": "Year",
    "Phân công": "Assignments",
    "Phải là một số nguyên.": "Must be a whole number.",
    "Quý": "Quarter",
    "Quý số": "Quarter number",
    "Sáng": "Morning",
    "Số ca": "Shifts",
    "Số ca của từng người": "Shifts per person",
    "Số liệu trong báo cáo": "Figures in the report",
    "Số liệu từ %(start)s đến %(end)s": "Figures from %(start)s to %(end)s",
    "Số lượt phân công": "Assignments",
    "Sổ": "Register",
    "Theo lĩnh vực": "By field",
    "Theo lịch": "Scheduled",
    "Theo ngày": "By day",
    "Theo yêu cầu": "On request",
    "Theo địa bàn": "By area",
    "Tháng %(month)s/%(year)s": "%(month)s/%(year)s",
    "Tháng sau ›": "Next month ›",
    "Tháng “%(value)s” không hợp lệ (dạng mm/yyyy); đang xem tháng này.": "The month “%(value)s” is not valid (mm/yyyy); showing this month.",
    "Thống kê": "Statistics",
    "Thời gian giải (giây)": "Solve time (seconds)",
    "Thời gian xếp tối đa (giây)": "Time limit (seconds)",
    "Thời kỳ cao điểm": "Critical period",
    "Thời kỳ tăng cường": "Heightened period",
    "Thứ Ba": "Tuesday",
    "Thứ Bảy": "Saturday",
    "Thứ Hai": "Monday",
    "Thứ Năm": "Thursday",
    "Thứ Sáu": "Friday",
    "Thứ Tư": "Wednesday",
    "Tiếp công dân": "Reception",
    "Tiếp công dân (lãnh đạo)": "Leader's receptions",
    "Trang tự tải lại mỗi 2 giây cho đến khi có bản dự thảo (cần JavaScript; nếu không, bấm tải lại).": "The page reloads itself every 2 seconds until the draft is ready (with JavaScript; otherwise reload it).",
    "Trực sẵn sàng": "On call",
    "Tăng cường": "Heightened",
    "Tải %(format)s": "Download %(format)s",
    "Tải ICS": "Download ICS",
    "Tải ICS (lịch điện tử)": "Download ICS (calendar)",
    "Tải XLSX": "Download XLSX",
    "Tải lại ngay": "Reload now",
    "Tất cả đơn vị trong phạm vi": "Every unit in scope",
    "Tệp báo cáo và mã kiểm tra SHA-256": "Report files and their SHA-256 checksums",
    "Tối": "Evening",
    "Từ 1 đến 600 giây.": "From 1 to 600 seconds.",
    "Từ 2000 đến 2100.": "From 2000 to 2100.",
    "Từ ngày": "From",
    "Vai trò của bạn xem được lịch làm việc của phường; phân công trực do lãnh đạo và người lập lịch xem.": "Your role sees the ward's working calendar; duty assignments are for leaders and schedulers.",
    "Vi phạm quy định trực (%(n)s)": "Violations of the duty rules (%(n)s)",
    "Vì sao không xếp được": "Why no roster could be made",
    "Với báo cáo quý.": "For a quarterly report.",
    "Với báo cáo định kỳ (quý, 6 tháng, 9 tháng, năm).": "For a periodic report (quarter, 6 months, 9 months, year).",
    "Với kỳ theo ngày.": "For a period by dates.",
    "Vụ việc": "Cases",
    "Xem": "Show",
    "Xem số liệu": "Show figures",
    "Xem tháng": "Month",
    "Xem trên lịch tháng": "See it on the month",
    "Xếp lịch": "Solve",
    "Xếp lịch cho một khoảng thời gian": "Solve a period",
    "Xếp lịch trực": "Solve rosters",
    "Yêu cầu lúc": "Requested at",
    "chênh %(n)s": "spread %(n)s",
    "dịch vụ báo cáo": "reports service",
    "dịch vụ cảnh báo": "alerts service",
    "dịch vụ lịch trực": "roster service",
    "dịch vụ tiếp nhận": "intake service",
    "không còn trực": "no longer on duty",
    "Đang trực lúc này": "On duty now",
    "Đang xếp lịch": "Solving",
    "Đang xếp lịch…": "Solving…",
    "Đoàn đông người": "Groups",
    "Đã chạy %(elapsed)s / tối đa %(limit)s giây": "Running %(elapsed)s of at most %(limit)s seconds",
    "Đã công bố": "Published",
    "Đã công bố lịch trực.": "The roster is published.",
    "Đã ghi nghỉ phép cho %(name)s.": "Leave recorded for %(name)s.",
    "Đã lập báo cáo.": "The report is made.",
    "Đã thay thế": "Superseded",
    "Đêm": "Night",
    "Đơn thư": "Petitions",
    "Đơn vị": "Unit",
    "Đến hết ngày": "Until (inclusive)",
    "Đến ngày": "To",
    "Đối chiếu với sổ tiếp công dân": "Reconciliation with the reception register",
    "‹ Tháng trước": "‹ Previous month",
    "‹ Về trang báo cáo": "‹ Back to reports",
    "Giá trị": "Value",
    # ---- end of duty calendar and reports pages ----
}


def extract() -> None:
    subprocess.run(
        [
            str(Path(sys.executable).with_name("pybabel")),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "--no-location",
            "--sort-output",
            "--omit-header",
            "-o",
            str(CATALOGUES / "messages.pot"),
            ".",
        ],
        cwd=HERE,
        check=True,
        capture_output=True,
    )


def write_english() -> list[str]:
    """Writes the English .po and .mo; returns the texts that have no English yet."""
    with (CATALOGUES / "messages.pot").open("rb") as handle:
        catalogue = read_po(handle, locale="en")
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        message.string = ENGLISH.get(str(message.id), "")
        if not message.string:
            missing.append(str(message.id))
    target = CATALOGUES / "en" / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with (target / "messages.po").open("wb") as handle:
        write_po(handle, catalogue, omit_header=True, sort_output=True, no_location=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, catalogue)
    return missing


if __name__ == "__main__":
    extract()
    untranslated = write_english()
    if untranslated:
        sys.exit("no English for:\n" + "\n".join(untranslated))
    print(f"{CATALOGUES}: English catalogue written and compiled")
