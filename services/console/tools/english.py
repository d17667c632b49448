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
    # Alerts board, police view, province view (web/live.py, templates/live/)
    "%(count)s cảnh báo đang mở": "%(count)s open alerts",
    "%(count)s người": "%(count)s people",
    "Báo cáo công dân vượt cấp": "Report citizens going over the ward's level",
    "Bảng cảnh báo": "Alerts board",
    "Bầu cử": "Elections",
    "Bật âm thanh, thông báo": "Turn sound and notifications on",
    "Bồi thường, hỗ trợ, tái định cư": "Compensation, support, resettlement",
    "Cho phép thông báo trên trình duyệt": "Allow browser notifications",
    "Chính sách xã hội": "Social policy",
    "Chưa có phường nào trong phạm vi.": "No ward in scope yet.",
    "Chưa có đoàn đông người nào trong ngày.": "No crowd today yet.",
    "Các phường": "Wards",
    "Cán bộ, công chức": "Officials' conduct",
    "Công dân của phường đến tỉnh hoặc Trung ương: phường nhận cảnh báo ngay.": "The ward's citizens at the province or in Hà Nội: the ward is alerted at once.",
    "Cảnh báo": "Alerts",
    "Cảnh báo cho Công an phường": "Alerts for the ward police",
    "Cảnh báo khẩn cấp mới:": "New critical alert:",
    "Cảnh báo đang mở ở các phường": "Open alerts in the wards",
    "Cảnh báo đang mở, khẩn cấp trước": "Open alerts, critical first",
    "Cấp công dân đến": "Level reached",
    "Dịch vụ báo cáo trả lời: %(problem)s": "The reports service answered: %(problem)s",
    "Dịch vụ lịch trực trả lời: %(problem)s": "The roster service answered: %(problem)s",
    "Ghi chú": "Note",
    "Ghi chú khi xác nhận": "Acknowledgement note",
    "Ghi chú tối đa 2000 ký tự.": "A note has at most 2000 characters.",
    "Gần nhất": "Last seen",
    "Gần nhất %(time)s": "Last seen %(time)s",
    "Gửi báo cáo": "Send the report",
    "Hiện không kết nối được dịch vụ báo cáo.": "The reports service cannot be reached right now.",
    "Hiện không kết nối được dịch vụ cảnh báo.": "The alerts service cannot be reached right now.",
    "Hiện không kết nối được dịch vụ cảnh báo. Báo cáo chưa được gửi; vui lòng thử lại.": "The alerts service cannot be reached right now. The report was not sent; please try again.",
    "Hiện không kết nối được dịch vụ cảnh báo. Vui lòng thử lại.": "The alerts service cannot be reached right now. Please try again.",
    "Hiện không kết nối được dịch vụ lịch trực.": "The roster service cannot be reached right now.",
    "Hồ sơ": "Cases",
    "Khoảng thời gian không hợp lệ (ngày theo dạng ngày/tháng/năm); đang hiển thị tháng này.": "The period is not valid (dates as day/month/year); showing this month.",
    "Khác": "Other",
    "Không có ai trong lịch trực đã công bố vào lúc này.": "Nobody is on duty now in the published rosters.",
    "Không có cảnh báo nào đang mở.": "No open alerts.",
    "Không gửi được báo cáo: %(problem)s": "The report could not be sent: %(problem)s",
    "Không thực hiện được: %(problem)s": "Not done: %(problem)s",
    "Khẩn cấp": "Critical",
    "Kéo dài, lặp lại": "Repeated",
    "Kết quả xử lý": "Outcome",
    "Lãnh đạo tiếp công dân": "Leader's reception",
    "Lĩnh vực": "Field",
    "Lượt tiếp": "Visits",
    "Lần đầu": "First seen",
    "Môi trường": "Environment",
    "Mất kết nối cập nhật trực tiếp; đang thử lại…": "Live updates lost; trying again…",
    "Người được tiếp": "People received",
    "Nhà ở": "Housing",
    "Nhân sự Đảng": "Party personnel",
    "Nhập ngày giờ, ví dụ 03/12/2026 08:30.": "Enter a date and time, e.g. 03/12/2026 08:30.",
    "Nhập số người từ 1.": "Enter a number of people from 1.",
    "Nơi công dân đến": "Where the citizens went",
    "Nội dung vụ việc": "Subject",
    "Phường": "Ward",
    "Quá hạn giải quyết": "Overdue",
    "Số lượt": "Visits",
    "Số người": "People",
    "Theo dõi các phường": "The wards",
    "Theo dõi cấp tỉnh": "Province view",
    "Theo dõi của Công an phường": "Ward police view",
    "Thiếu lịch ngày nghỉ": "Calendar missing",
    "Thiếu người trực": "Coverage gap",
    "Thông tin": "Information",
    "Thời điểm phát hiện (ngày/tháng/năm giờ:phút)": "Seen at (day/month/year hour:minute)",
    "Tiếp công dân": "Citizen reception",
    "Trang không tự cập nhật: bấm Tải lại để xem cảnh báo mới.": "This page does not update itself: press Reload to see new alerts.",
    "Trung ương (Hà Nội)": "Central (Hà Nội)",
    "Trực": "On call",
    "Tình hình từng phường, từ %(start)s đến %(end)s": "Each ward, from %(start)s to %(end)s",
    "Tóm tắt": "Summary",
    "Tôn giáo": "Religion",
    "Tư pháp": "Justice",
    "Tạm giữ trong bầu cử": "Held during the election",
    "Tải lại": "Reload",
    "Tắt âm thanh, thông báo": "Turn sound and notifications off",
    "Tỉnh": "Province",
    "Từ 1 đến 100000.": "From 1 to 100000.",
    "Từ ngày": "From",
    "Từ ngày phải trước đến ngày, trong vòng một năm; đang hiển thị tháng này.": "The start must come before the end, within a year; showing this month.",
    "Vượt cấp": "Over-level",
    "Vụ việc": "Cases",
    "Xem": "Show",
    "Xác nhận": "Acknowledge",
    "còn nữa": "more",
    "Đang cập nhật trực tiếp.": "Updating live.",
    "Đang mở": "Open",
    "Đang trực": "On duty now",
    "Điểm nóng": "Hotspot",
    "Đoàn đông người": "Crowds",
    "Đoàn đông người trong ngày %(day)s": "Crowds on %(day)s",
    "Đoàn đông người đang theo dõi": "Crowds being followed",
    "Đã gửi báo cáo vượt cấp cho %(ward)s.": "Over-level report sent for %(ward)s.",
    "Đã xác nhận": "Acknowledged",
    "Đã xác nhận cảnh báo.": "Alert acknowledged.",
    "Đã xử lý xong": "Resolved",
    "Đã đóng cảnh báo.": "Alert resolved.",
    "Đóng cảnh báo": "Resolve",
    "Đông người": "Crowd",
    "Đơn": "Petitions",
    "Đảng": "Party",
    "Đất đai": "Land",
    "Đến ngày": "To",
    "Địa bàn": "Area",
    "Địa bàn (tổ dân phố, khu vực)": "Area (residential group, neighbourhood)",
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
