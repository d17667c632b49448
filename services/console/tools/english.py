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
    # Cases, the deadline board and the leader's home (issue 17: web/cases.py, case_terms.py, leader_day.py)
    "%(n)s người": "%(n)s people",
    "%(n)s người đã rút": "%(n)s have withdrawn",
    "(tạm tính)": "(provisional)",
    "Ban hành quyết định, kết luận": "Issue the decision or conclusion",
    "Báo chí": "Press",
    "Bưu chính": "Post",
    "Bảng thời hạn": "Deadline board",
    "Bảng thời hạn giải quyết": "Deadline board",
    "Bầu cử": "Elections",
    "Bỏ lọc": "Clear filters",
    "Bỏ qua giá trị lọc không hợp lệ:": "Filter values left out as not valid:",
    "Bồi thường, giải phóng mặt bằng": "Compensation and site clearance",
    "Chuyển đơn": "Transfer",
    "Chuyển đơn tố cáo": "Transfer the denunciation",
    "Chính sách xã hội": "Social policy",
    "Chưa có lượt tiếp.": "No visits yet.",
    "Chưa có người xử lý": "No officer yet",
    "Chưa có đơn.": "No petitions yet.",
    "Chưa xử lý": "Not yet handled",
    "Chưa đọc được lịch làm việc: số ngày còn lại tính theo ngày lịch.": "The working calendar could not be read: days left are counted in calendar days.",
    "Cán bộ xử lý": "Officer",
    "Còn %(n)s ngày": "%(n)s days left",
    "Còn %(n)s ngày làm việc": "%(n)s working days left",
    "Còn lại": "Left",
    "Có": "Yes",
    "Có quá nhiều vụ việc đang mở: bảng chỉ tính một phần. Hãy lọc trên trang Vụ việc.": "There are too many open cases: the board counts only part of them. Filter them on the Cases page.",
    "Công dân đến lại cùng nội dung": "The citizen came again on the same matter",
    "Căn cứ pháp lý": "Legal basis",
    "Căn cứ từ chối": "Ground for refusal",
    "Cơ quan chuyển:": "Transferred by:",
    "Cơ quan khác chuyển đến": "Transferred by another agency",
    "Cơ quan nhận": "Receiving agency",
    "Cảnh báo khẩn cấp đang mở": "Open critical alerts",
    "Danh sách vụ việc": "Cases",
    "Gia hạn": "Extend",
    "Giải quyết": "Resolution",
    "Hiện không kết nối được %(service)s. Vui lòng thử lại sau ít phút.": "The %(service)s cannot be reached at the moment. Please try again in a few minutes.",
    "Hành vi của cán bộ, công chức": "Conduct of officials",
    "Hôm nay": "Today",
    "Hôm nay, %(day)s": "Today, %(day)s",
    "Hướng dẫn": "Guide",
    "Khiếu nại": "Complaint",
    "Không": "No",
    "Không còn theo dõi": "No longer running",
    "Không có ai trong lịch trực đã ban hành.": "Nobody in the published duty roster.",
    "Không có thao tác nào bạn có thể thực hiện ở trạng thái này.": "There is nothing you may do on the case in this status.",
    "Không có vụ việc nào khớp với điều kiện lọc.": "No case matches the filters.",
    "Không có.": "None.",
    "Không đọc được: %(problem)s": "Could not be read: %(problem)s",
    "Không đủ điều kiện xử lý": "Not eligible for handling",
    "Kiến nghị": "Recommendation",
    "Kết luận trước Đại hội": "Conclusion before the congress",
    "Loại đơn": "Kind",
    "Lý do, nội dung": "Reason, content",
    "Lĩnh vực": "Field",
    "Lĩnh vực khác": "Other field",
    "Lưu đơn": "File",
    "Lượt tiếp": "Visits",
    "Lọc": "Filter",
    "Lọc vụ việc": "Filter the cases",
    "Mã vụ việc": "Case number",
    "Môi trường": "Environment",
    "Mạo danh": "False name",
    "Mất khả năng nhận thức, điều khiển hành vi (Điều 9 khoản 1)": "Unable to understand or control their acts (Article 9, clause 1)",
    "Ngày": "Date",
    "Ngày %(day)s · tuần đến hết %(end)s": "%(day)s · week until %(end)s",
    "Ngày nhận": "Received on",
    "Ngày thụ lý": "Accepted on",
    "Ngày tiếp công dân định kỳ của lãnh đạo:": "Next leader reception day:",
    "Người chủ trì:": "Chaired by:",
    "Nhiều nội dung": "Several matters",
    "Nhà ở": "Housing",
    "Phân trang": "Pages",
    "Phản ánh": "Feedback",
    "Phức tạp": "Complex",
    "Quá hạn": "Overdue",
    "Quá hạn %(n)s ngày": "%(n)s days overdue",
    "Quá hạn %(n)s ngày làm việc": "%(n)s working days overdue",
    "Quá thời hiệu": "Filed out of time",
    "Quá trình xử lý": "History",
    "Rút đơn": "Withdraw",
    "Say do dùng chất kích thích (Điều 9 khoản 1)": "Intoxicated (Article 9, clause 1)",
    "Số liệu hôm qua": "Yesterday's figures",
    "Số người": "People",
    "Số người rút": "People withdrawing",
    "Số quyết định, kết luận": "Decision or conclusion number",
    "Số thông báo": "Notice number",
    "Theo cán bộ xử lý": "By officer",
    "Theo loại đơn": "By kind",
    "Thông báo cho người tố cáo": "Notify the denouncer",
    "Thông báo thụ lý": "Notify the acceptance",
    "Thông tin người tố cáo được giữ bí mật (Luật Tố cáo 2018, Điều 9): chỉ người có thẩm quyền mới xem được.": "The denouncer's identity is kept secret (Law on Denunciations 2018, Article 9): only those entitled may see it.",
    "Thường xuyên": "Regular",
    "Thời hiệu": "Filing limit",
    "Thời hạn": "Deadlines",
    "Thời hạn của vụ việc": 'The case"s deadlines',
    "Thời hạn gần nhất": "Next deadline",
    "Thụ lý": "Accept",
    "Tiếp công dân hôm nay": "Receptions today",
    "Tiếp nhận qua lượt tiếp công dân": "Received at a visit",
    "Tiếp nhận đơn": "Petition received",
    "Tiếp tục giải quyết": "Resume",
    "Trang sau": "Next page",
    "Trong tuần": "This week",
    "Trường hợp khác theo quy định của pháp luật (Điều 9 khoản 4)": "Another case provided by law (Article 9, clause 4)",
    "Trả lời công dân": "Reply to the citizen",
    "Trả lời khiếu nại danh sách cử tri": "Answer the voter-list complaint",
    "Trực tiếp": "In person",
    "Trực tuyến": "Online",
    "Tôn giáo": "Religion",
    "Tư pháp": "Justice",
    "Tạm dừng trước bầu cử": "Held before the election",
    "Tạm đình chỉ": "Suspend",
    "Tất cả": "All",
    "Tố cáo": "Denunciation",
    "Từ chối": "Refuse",
    "Về trang đầu": "First page",
    "Vụ việc": "Cases",
    "Vụ việc không có thời hạn nào.": "The case has no deadline.",
    "Vụ việc phức tạp": "Complex case",
    "Vụ việc quá hạn": "Overdue cases",
    "Vụ việc đã giải quyết đúng pháp luật, đã thông báo bằng văn bản (Điều 9 khoản 3)": "Already resolved lawfully and notified in writing (Article 9, clause 3)",
    "Vụ việc đến hạn trong 2 ngày làm việc": "Cases due within 2 working days",
    "Xác nhận: %(action)s": "Confirm: %(action)s",
    "Xử lý": "Actions",
    "Xử lý đơn": "Handle the petition",
    "chưa có trong lịch trực đã ban hành.": "not in the published duty roster yet.",
    "chưa đọc được lịch trực.": "the duty roster could not be read.",
    "dịch vụ báo cáo": "reports service",
    "dịch vụ cảnh báo": "alerts service",
    "dịch vụ lịch trực": "duty roster service",
    "dịch vụ tiếp nhận, xử lý đơn": "intake service",
    "lần %(n)s": "round %(n)s",
    "người đại diện": "representative",
    "Đang giải quyết": "Being resolved",
    "Đang trực": "On duty now",
    "Đe dọa, xúc phạm, vi phạm nội quy nơi tiếp công dân (Điều 9 khoản 2)": "Threats, insults or breach of the reception rules (Article 9, clause 2)",
    "Đoàn đông người": "Groups",
    "Đoàn đông người: %(n)s người": "Group of %(n)s people",
    "Đã chuyển": "Transferred",
    "Đã ghi nhận: %(action)s.": "Recorded: %(action)s.",
    "Nhập một số nguyên dương.": "Enter a positive whole number.",
    "Tối đa %(max)d ký tự.": "At most %(max)d characters.",
    "Đã giải quyết": "Resolved",
    "Đã hướng dẫn": "Guided",
    "Đã lưu đơn": "Filed",
    "Đã rút đơn": "Withdrawn",
    "Đôn đốc": "Urge",
    "Đơn thư": "Petitions",
    "Đơn trùng nội dung": "Repeated petition",
    "Đảng": "Party",
    "Đất đai": "Land",
    "Đến hạn hôm nay": "Due today",
    "Đến hạn trong tuần": "Due this week",
    "Địa bàn": "Area",
    "Định kỳ": "Periodic",
    "Đột xuất": "Unscheduled",
    "Ủy quyền": "Delegated",
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
