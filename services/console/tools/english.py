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
    # The reception desk (/desk, /desk/petitions) and single sign-on (/login/sso).
    "%(n)s người": "%(n)s people",
    "%(n)s người ký": "%(n)s signatories",
    "Bàn tiếp công dân": "Reception desk",
    "Báo chí chuyển đến": "Forwarded by the press",
    "Bầu cử": "Elections",
    "Bắt buộc chọn.": "Choose one.",
    "Bắt buộc với đơn tố cáo khi đơn vị không lưu danh tính người tố cáo.": (
        "Required for a denunciation when the unit keeps no denouncer's identity."
    ),
    "Bồi thường, hỗ trợ, tái định cư": "Compensation, support and resettlement",
    "Chính sách xã hội": "Social policy",
    "Chưa có.": "None yet.",
    "Chưa ghi nhận: một số trường cần sửa, xem thông báo bên dưới từng trường.": (
        "Not registered: some fields need correcting; see the message under each."
    ),
    "Chưa xác định": "Not determined",
    "Chứng minh nhân dân": "People's identity card (CMND)",
    "Các lượt tiếp trong ngày %(day)s": "Visits on %(day)s",
    "Các đơn nhận trong ngày %(day)s": "Petitions received on %(day)s",
    "Có": "Yes",
    "Có (%(n)s người)": "Yes (%(n)s people)",
    "Công dân": "Citizens",
    "Công vụ, cán bộ": "Officials' conduct",
    "Căn cước công dân": "Citizen identity card (CCCD)",
    "Căn cứ: %(basis)s": "Legal basis: %(basis)s",
    "Cơ quan chuyển đơn": "Forwarding agency",
    "Cơ quan khác chuyển đến": "Forwarded by another agency",
    "Dịch vụ tiếp nhận không ghi nhận: %(detail)s": "The intake service did not register it: %(detail)s",
    "Dịch vụ tiếp nhận trả lời: %(problem)s": "The intake service answered: %(problem)s",
    "Ghi chú": "Notes",
    "Ghi nhận lượt tiếp": "Register the visit",
    "Ghi nhận lượt tiếp công dân": "Register a citizen's visit",
    "Ghi nhận đơn": "Register the petition",
    "Ghi nhận đơn khiếu nại, tố cáo, kiến nghị, phản ánh": (
        "Register a written complaint, denunciation, recommendation or feedback"
    ),
    "Gửi trực tiếp": "Handed in",
    "Hiện không kết nối được dịch vụ tiếp nhận. Nội dung đã nhập vẫn còn trên trang; vui lòng gửi lại sau.": (
        "The intake service cannot be reached just now. What you typed is still on the page; please send it again later."
    ),
    "Hiện không kết nối được dịch vụ tiếp nhận; danh sách trong ngày sẽ hiển thị lại khi dịch vụ hoạt động.": (
        "The intake service cannot be reached just now; the day's list will return when it is back."
    ),
    "Hình thức tiếp": "Kind of reception",
    "Hạn": "Due",
    "Hạn trả lời công dân": "Reply to the citizen by",
    "Hạn xử lý đơn": "Process the petition by",
    "Hộ chiếu": "Passport",
    "Khiếu nại": "Complaint",
    "Khiếu nại về danh sách cử tri": "Complaint about the voter list",
    "Khác": "Other",
    "Không": "No",
    "Không (%(n)s người)": "No (%(n)s people)",
    "Kiến nghị": "Recommendation",
    "Liên quan đến người ứng cử": "About a candidate",
    "Liên quan đến tổ chức, đảng viên": "About a Party organisation or member",
    "Loại giấy tờ": "Identity document",
    "Loại tiếp nhận": "What is registered",
    "Loại đơn, việc": "Kind of matter",
    "Loại, lĩnh vực": "Kind, field",
    "Lý do trở ngại khách quan": "Reason for the obstacle",
    "Lĩnh vực": "Field",
    "Lượt tiếp": "Visit",
    "Lần hai": "Second",
    "Lần khiếu nại": "Complaint round",
    "Lần đầu": "First",
    "Mã vụ việc đã có (nếu công dân đến lại)": "Existing case id (when the citizen comes again)",
    "Môi trường": "Environment",
    "Mất khả năng nhận thức, điều khiển hành vi (Điều 9 khoản 1)": (
        "Unable to understand or control their actions (Article 9(1))"
    ),
    "Mỗi người một dòng; đánh dấu người đại diện của đoàn. Dòng để trống không được ghi.": (
        "One person a row; tick the group's representatives. Empty rows are left out."
    ),
    "Nguồn đơn": "Received through",
    "Ngày biết được quyết định, hành vi": "Day the decision or act became known",
    "Ngày không hợp lệ (ngày/tháng/năm).": "Not a valid date (day/month/year).",
    "Ngày nhận đơn": "Day received",
    "Người chủ trì tiếp": "Presiding official",
    "Người thứ %(n)s": "Person %(n)s",
    "Người trực tiếp tiếp": "Receiving officer",
    "Người tố cáo: giữ bí mật": "Denouncer: kept confidential",
    "Người đại diện": "Representative",
    "Nhiều nội dung": "Several matters",
    "Nhà ở": "Housing",
    "Nội dung": "Content",
    "Nội dung chính (tóm tắt một dòng)": "Subject (one line)",
    "Nội dung, địa bàn": "Subject, area",
    "Phải là một số nguyên.": "Must be a whole number.",
    "Phản ánh": "Feedback",
    "Qua bưu chính": "By post",
    "Qua cổng thông tin điện tử": "Through the online portal",
    "Say do dùng chất kích thích (Điều 9 khoản 1)": "Intoxicated (Article 9(1))",
    "Số giấy tờ tùy thân": "Identity document number",
    "Số hồ sơ giấy": "Paper file number",
    "Số người ký đơn": "Signatories",
    "Số người đến": "People present",
    "Số thông báo đã gửi": "Number of the notice sent",
    "Số điện thoại": "Phone",
    "Thuộc thẩm quyền của UBND phường": "Within the ward People's Committee's competence",
    "Thêm một dòng": "Add a row",
    "Thông tin thêm: vụ việc đã có, thời hiệu, bầu cử": "More: existing case, filing limit, elections",
    "Thời điểm": "Time",
    "Thời điểm không hợp lệ (ngày/tháng/năm giờ:phút).": "Not a valid time (day/month/year hour:minute).",
    "Thời điểm tiếp (để trống: bây giờ)": "Time of the visit (empty: now)",
    "Tiếp công dân": "Citizen reception",
    "Tiếp nhận đơn thư": "Petition intake",
    "Tiếp theo ủy quyền": "Delegated reception",
    "Tiếp thường xuyên": "Regular reception",
    "Tiếp định kỳ": "Periodic reception",
    "Tiếp đột xuất": "Unscheduled reception",
    "Trường hợp khác theo quy định của pháp luật (Điều 9 khoản 4)": "Another case provided by law (Article 9(4))",
    "Trở ngại khách quan khi khiếu nại (không tính vào thời hiệu)": (
        "Objective obstacle to filing (not counted in the filing limit)"
    ),
    "Trở ngại từ ngày": "Obstacle from",
    "Tài khoản của tỉnh chưa được giao vai trò nào trên hệ thống này.": (
        "Your province account has no role on this system yet."
    ),
    "Tài khoản này đã bị khoá. Vui lòng liên hệ quản trị hệ thống.": (
        "This account is disabled. Please contact the system administrator."
    ),
    "Tóm tắt nội dung": "Summary",
    "Tôn giáo": "Religion",
    "Tư pháp": "Justice",
    "Tố cáo": "Denunciation",
    "Tố cáo về nhân sự đại hội Đảng": "Denunciation about Party-congress personnel",
    "Từ chối tiếp": "Reception refused",
    "Từ chối tiếp vì": "Reception refused because",
    "Từ chối tiếp, ghi chú": "Refusal, notes",
    "Vụ việc": "Case",
    "Vụ việc đã giải quyết đúng pháp luật, đã thông báo bằng văn bản (Điều 9 khoản 3)": (
        "Already settled lawfully and notified in writing (Article 9(3))"
    ),
    "hoặc": "or",
    "tạm tính": "provisional",
    "vụ việc mới": "new case",
    "vụ việc đã có": "existing case",
    "Đe dọa, xúc phạm, vi phạm nội quy nơi tiếp công dân (Điều 9 khoản 2)": (
        "Threats, insults or breach of the reception rules (Article 9(2))"
    ),
    "Đoàn đông người": "Group",
    "Đã ghi nhận lượt tiếp": "Visit registered",
    "Đã ghi nhận đơn": "Petition registered",
    "Đăng nhập bằng tài khoản của tỉnh": "Sign in with your province account",
    "Đăng nhập qua hệ thống của tỉnh không thành công hoặc đã bị huỷ.": (
        "Signing in through the province's system failed or was cancelled."
    ),
    "Đơn": "Petition",
    "Đơn có chữ ký hoặc điểm chỉ": "Signed or fingerprinted",
    "Đơn ghi ngày, tháng, năm": "Dated",
    "Đơn gửi nhiều nơi": "Sent to several places",
    "Đơn thư": "Petitions",
    "Đơn viết bằng tiếng Việt": "Written in Vietnamese",
    "Đảng": "Party",
    "Đất đai": "Land",
    "Để trống: bằng số công dân ghi dưới đây.": "Empty: the number of citizens listed below.",
    "Để trống: bằng số công dân ghi dưới đây. Từ 5 người là đoàn đông người.": (
        "Empty: the number of citizens listed below. From 5 people it is a group."
    ),
    "Để trống: hôm nay.": "Empty: today.",
    "Để tính thời hiệu khiếu nại.": "For the complaint's filing limit.",
    "Địa bàn (tổ dân phố, thôn)": "Area (residential group, hamlet)",
    "Đủ điều kiện xử lý": "Eligible for processing",
    "đoàn đông người": "group",
    "đến lại": "came again",
    "đến lại / gửi lại nhiều lần": "came or wrote again",
    "đến ngày": "to",
    "— Chọn —": "— Choose —",
    "— Không ghi —": "— None —",
    "— Không từ chối —": "— Not refused —",
    # End of the reception desk and single sign-on.
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
