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
    # Public pages /tra-cuu, /thong-tin and the news page /admin/news (issue 18)
    "Bước tiếp theo": "Next step",
    "Bạn có quyền": "You have the right to",
    "Bạn cần": "You must",
    "Bạn đã tra cứu nhiều lần liên tiếp. Vui lòng đợi một phút rồi thử lại.": "You have looked up many times in a row. Please wait a minute and try again.",
    "Bồi thường thiệt hại nếu cố ý tố cáo sai sự thật.": "Make good any harm done by a denunciation you knew to be false.",
    "Chưa có": "Not yet",
    "Chưa có lịch tiếp mới được công bố.": "No new reception schedule has been published yet.",
    "Chưa có tin mới.": "No news yet.",
    "Chưa có tin nào.": "No news items yet.",
    "Chấp hành quyết định giải quyết khiếu nại đã có hiệu lực pháp luật.": "Comply with the complaint decision once it has legal effect.",
    "Chịu trách nhiệm trước pháp luật về nội dung tố cáo; hợp tác với người giải quyết.": "Answer before the law for what you denounce, and cooperate with whoever handles it.",
    "Chờ duyệt": "Awaiting approval",
    "Chủ nhật": "Sunday",
    "Chủ tịch UBND phường trực tiếp tiếp công dân ít nhất một ngày trong mỗi tuần (Điều 15).": "The chair of the ward People's Committee receives citizens in person at least one day every week (Article 15).",
    "Chủ tịch hoặc Phó Chủ tịch UBND phường trực tiếp tiếp công dân theo lịch đã công bố.": "The chair or a vice-chair of the ward People's Committee receives citizens in person on the published days.",
    "Các luật cần biết": "The laws to know",
    "Các tin": "News items",
    "Cán bộ đăng nhập": "Staff sign-in",
    "Duyệt": "Approve",
    "Duyệt tin": "News approved",
    "Giờ tiếp thường xuyên": "Regular reception hours",
    "Giữ thái độ đúng mực, tôn trọng người tiếp và tuân thủ nội quy nơi tiếp công dân.": "Behave properly, respect the officers and follow the reception office's rules.",
    "Gỡ tin": "News unpublished",
    "Gỡ xuống": "Unpublish",
    "Gửi khiếu nại đến đúng cơ quan, người có thẩm quyền giải quyết.": "Send the complaint to the body or person competent to settle it.",
    "Hạn giải quyết": "Due date",
    "Hệ thống tra cứu tạm thời chưa trả lời. Vui lòng thử lại sau ít phút, hoặc liên hệ Phòng Tiếp công dân.": "The lookup is not answering at the moment. Please try again in a few minutes, or contact the Citizen Reception Office.",
    "Hồ sơ %(code)s": "Case %(code)s",
    "Khi khiếu nại": "When you complain",
    "Khi tố cáo": "When you denounce",
    "Khi đến nơi tiếp công dân": "When you come to the reception office",
    "Khiếu nại là đề nghị xem xét lại một quyết định hoặc hành vi hành chính mà mình cho là trái pháp luật, xâm phạm quyền, lợi ích của mình.": "A complaint asks for an administrative decision or act you believe unlawful and harmful to your rights or interests to be reviewed.",
    "Khiếu nại lần hai hoặc khởi kiện ra Tòa án nếu không đồng ý với kết quả giải quyết.": "Complain a second time, or go to court, if you disagree with the outcome.",
    "Khiếu nại lần đầu được giải quyết trong 30 ngày kể từ ngày thụ lý; vụ việc phức tạp không quá 45 ngày (Điều 28).": "A first complaint is settled within 30 days of its acceptance; a complex case within 45 days (Article 28).",
    "Không tìm thấy hồ sơ với mã này. Vui lòng kiểm tra lại mã trên giấy biên nhận.": "No case was found with this code. Please check the code on your receipt.",
    "Ký hoặc điểm chỉ xác nhận nội dung đã trình bày.": "Sign or put your fingerprint to confirm what you stated.",
    "Loại đơn": "Kind of petition",
    "Luật Khiếu nại 2011": "Law on Complaints 2011",
    "Luật Khiếu nại 2011, Điều 12": "Law on Complaints 2011, Article 12",
    "Luật Tiếp công dân 2013": "Law on Citizen Reception 2013",
    "Luật Tiếp công dân 2013, Điều 7": "Law on Citizen Reception 2013, Article 7",
    "Luật Tố cáo 2018": "Law on Denunciations 2018",
    "Luật Tố cáo 2018, Điều 9": "Law on Denunciations 2018, Article 9",
    "Lĩnh vực": "Field",
    "Lưu, chờ duyệt": "Save for approval",
    "Lịch lãnh đạo tiếp công dân": "Leaders' reception schedule",
    "Lịch tiếp hiện chưa tải được. Vui lòng xem lại sau, hoặc hỏi Phòng Tiếp công dân.": "The reception schedule could not be loaded. Please look again later, or ask the Citizen Reception Office.",
    "Mã biên nhận": "Receipt code",
    "Mã in ở đầu giấy biên nhận, cạnh mã QR.": "The code is printed at the top of the receipt, next to the QR code.",
    "Mục lục": "Contents",
    "Ngoài ngày lãnh đạo tiếp, cán bộ tiếp công dân tiếp thường xuyên vào giờ hành chính.": "Besides the leaders' days, reception officers receive citizens during office hours.",
    "Ngày tiếp nhận": "Received on",
    "Người tố cáo được giữ bí mật danh tính và được bảo vệ.": "A denouncer's identity is kept secret and the denouncer is protected.",
    "Người viết: %(name)s": "Written by: %(name)s",
    "Nhiều người cùng một nội dung thì cử người đại diện trình bày.": "When many people come about the same matter, they choose representatives to speak.",
    "Nhập mã trên giấy biên nhận (phiếu hẹn) để xem hồ sơ của bạn đang ở bước nào.": "Enter the code on your receipt (appointment slip) to see which step your case has reached.",
    "Nhờ người phiên dịch nếu không thông thạo tiếng Việt.": "Bring an interpreter if you are not fluent in Vietnamese.",
    "Nêu rõ họ tên, địa chỉ và cách liên lạc với mình.": "Give your full name, address and how to reach you.",
    "Nơi tiếp công dân có thể từ chối tiếp người say rượu, có hành vi đe dọa, xúc phạm, hoặc vụ việc đã được giải quyết đúng pháp luật mà vẫn cố tình khiếu nại kéo dài (Điều 9).": "The office may refuse to receive someone who is drunk, threatening or insulting, or who keeps complaining about a case already settled lawfully (Article 9).",
    "Nội dung": "Text",
    "Quy định việc cơ quan nhà nước tiếp người dân đến khiếu nại, tố cáo, kiến nghị, phản ánh.": "Sets how state bodies receive people who come to complain, denounce, recommend or report.",
    "Quyền và nghĩa vụ của công dân": "Citizens' rights and duties",
    "Quyền và nghĩa vụ khi khiếu nại, tố cáo; tóm tắt các luật; lịch lãnh đạo tiếp công dân; địa chỉ và giờ tiếp; tin tức.": "Rights and duties when complaining and denouncing; the laws in brief; the leaders' reception schedule; address and hours; news.",
    "Quá dài.": "Too long.",
    "Rút khiếu nại vào bất cứ lúc nào trong quá trình giải quyết.": "Withdraw the complaint at any time while it is being settled.",
    "Thông tin cho công dân": "Information for citizens",
    "Thời hiệu khiếu nại là 90 ngày kể từ ngày nhận được hoặc biết được quyết định, hành vi đó (Điều 9).": "You may complain within 90 days of receiving or learning of the decision or act (Article 9).",
    "Thứ Ba": "Tuesday",
    "Thứ Bảy": "Saturday",
    "Thứ Hai": "Monday",
    "Thứ Năm": "Thursday",
    "Thứ Sáu": "Friday",
    "Thứ Tư": "Wednesday",
    "Tin chỉ hiện công khai sau khi lãnh đạo duyệt và đăng. Không ghi họ tên, số giấy tờ, số điện thoại của công dân.": "An item is public only once a leader has approved and published it. Never write a citizen's name, ID number or phone number.",
    "Tin này không ở trạng thái cho phép thao tác đó.": "This item is not in a state that allows that.",
    "Tin tức": "News",
    "Tin tức trên trang thông tin": "News on the information page",
    "Tin đăng công khai không được có thông tin cá nhân (số định danh, số điện thoại, thư điện tử).": "Public news must carry no personal data (ID numbers, phone numbers, e-mail addresses).",
    "Tiêu đề": "Title",
    "Tiếp công dân": "Citizen reception",
    "Tra cứu": "Look up",
    "Tra cứu hồ sơ": "Look up a case",
    "Trang công khai": "Public pages",
    "Trang này không hiển thị họ tên, số giấy tờ hay nội dung đơn. Cần biết thêm, vui lòng mang giấy biên nhận đến Phòng Tiếp công dân.": "This page shows no names, ID numbers or petition text. To learn more, bring your receipt to the Citizen Reception Office.",
    "Trong 10 ngày kể từ khi nhận đơn, người có thẩm quyền phải thụ lý và thông báo cho người khiếu nại (Điều 27).": "Within 10 days of receiving the complaint, the competent person accepts it and tells the complainant (Article 27).",
    "Trong khi chờ giải quyết, vẫn chấp hành quyết định hành chính bị khiếu nại (trừ khi được tạm đình chỉ).": "While waiting, comply with the decision complained of (unless it has been suspended).",
    "Trình bày nội dung khiếu nại, tố cáo, kiến nghị, phản ánh và được hướng dẫn, giải thích.": "State your complaint, denunciation, recommendation or report and be guided and given explanations.",
    "Trình bày trung thực, cung cấp thông tin, tài liệu mình có.": "Tell the truth and hand over the information and documents you have.",
    "Trình bày trung thực, cung cấp thông tin, tài liệu và chịu trách nhiệm về nội dung khiếu nại.": "Tell the truth, hand over information and documents, and answer for what the complaint says.",
    "Tình trạng": "Status",
    "Tóm tắt bằng lời dễ hiểu, không thay thế văn bản luật.": "A summary in plain words; it does not replace the laws' text.",
    "Tố cáo bằng đơn hoặc trình bày trực tiếp tại cơ quan có thẩm quyền.": "Denounce in writing or in person at the competent body.",
    "Tố cáo không rõ người tố cáo (nặc danh) thì không được thụ lý giải quyết theo thủ tục tố cáo.": "An anonymous denunciation is not accepted under the denunciation procedure.",
    "Tố cáo là báo cho cơ quan có thẩm quyền biết hành vi vi phạm pháp luật của bất kỳ cơ quan, tổ chức, cá nhân nào.": "A denunciation tells the competent body about a breach of the law by any body, organisation or person.",
    "Tố cáo tiếp khi có căn cứ cho rằng việc giải quyết chưa đúng pháp luật.": "Denounce again when there are grounds to think it was not settled lawfully.",
    "Tố cáo được giải quyết trong 30 ngày kể từ ngày thụ lý; vụ việc phức tạp có thể gia hạn (Điều 30).": "A denunciation is settled within 30 days of its acceptance; a complex case may be extended (Article 30).",
    "Tự mình khiếu nại, hoặc nhờ luật sư, trợ giúp viên pháp lý hay người đại diện hợp pháp.": "Complain yourself, or through a lawyer, a legal aid officer or a lawful representative.",
    "Viết tin": "News written",
    "Viết tin mới": "Write a news item",
    "Vui lòng nhập mã biên nhận.": "Please enter the receipt code.",
    "Xem trang công khai": "See the public page",
    "Xuất trình giấy tờ tùy thân và giấy ủy quyền (nếu đi thay người khác).": "Show your identity papers, and a power of attorney if you come for someone else.",
    "số %(number)s": "no. %(number)s",
    "Đang đăng": "Published",
    "Đã cập nhật tin “%(title)s”.": "The item “%(title)s” was updated.",
    "Đã duyệt, chưa đăng": "Approved, not yet published",
    "Đã gỡ": "Unpublished",
    "Đã lưu tin, chờ lãnh đạo duyệt.": "The item was saved and awaits a leader's approval.",
    "Đã nộp đơn? Tra cứu hồ sơ bằng mã biên nhận": "Sent a petition? Look up your case with the receipt code",
    "Đăng": "Publish",
    "Đăng ngày %(day)s": "Published on %(day)s",
    "Đăng tin": "News published",
    "Đăng: %(at)s": "Published: %(at)s",
    "Được bảo vệ khi bị đe dọa, trả thù, trù dập; rút tố cáo khi muốn.": "Be protected from threats, revenge and harassment; withdraw the denunciation when you wish.",
    "Được giữ bí mật họ tên, địa chỉ, bút tích và các thông tin cá nhân khác.": "Have your name, address, handwriting and other personal data kept secret.",
    "Được khôi phục quyền, lợi ích hợp pháp và được bồi thường thiệt hại nếu có.": "Have your lawful rights and interests restored, and any harm made good.",
    "Được nhận thông báo thụ lý và quyết định giải quyết khiếu nại bằng văn bản.": "Receive the notice of acceptance and the decision on the complaint in writing.",
    "Được thông báo việc tiếp nhận và kết quả xử lý; nhận giấy biên nhận có mã để tra cứu.": "Be told that your matter was received and how it was handled; get a receipt with a code to look it up.",
    "Được thông báo về việc thụ lý hoặc không thụ lý, việc chuyển đơn và kết luận nội dung tố cáo.": "Be told whether it was accepted, whether it was transferred, and the conclusion on it.",
    "Được xem, sao chụp bằng chứng liên quan (trừ thông tin thuộc bí mật nhà nước).": "See and copy the evidence concerned (except state secrets).",
    "Địa chỉ và giờ tiếp": "Address and hours",
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
