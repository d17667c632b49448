# ruff: noqa: E501 (each text is one catalogue key, kept whole)
"""The public page's fixed texts: citizens' rights and duties and the three laws, in the project's own plain words
(not the laws' wording); each item names the article it comes from."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Topic:
    id: str
    title: LazyString
    basis: LazyString
    rights: tuple[LazyString, ...]
    duties: tuple[LazyString, ...]


@dataclass(frozen=True)
class Law:
    id: str
    name: LazyString
    number: str
    points: tuple[LazyString, ...]


TOPICS = (
    Topic(
        "quyen-khieu-nai",
        _l("Khi khiếu nại"),
        _l("Luật Khiếu nại 2011, Điều 12"),
        (
            _l("Tự mình khiếu nại, hoặc nhờ luật sư, trợ giúp viên pháp lý hay người đại diện hợp pháp."),
            _l("Được nhận thông báo thụ lý và quyết định giải quyết khiếu nại bằng văn bản."),
            _l("Được xem, sao chụp bằng chứng liên quan (trừ thông tin thuộc bí mật nhà nước)."),
            _l("Được khôi phục quyền, lợi ích hợp pháp và được bồi thường thiệt hại nếu có."),
            _l("Rút khiếu nại vào bất cứ lúc nào trong quá trình giải quyết."),
            _l("Khiếu nại lần hai hoặc khởi kiện ra Tòa án nếu không đồng ý với kết quả giải quyết."),
        ),
        (
            _l("Gửi khiếu nại đến đúng cơ quan, người có thẩm quyền giải quyết."),
            _l("Trình bày trung thực, cung cấp thông tin, tài liệu và chịu trách nhiệm về nội dung khiếu nại."),
            _l(
                "Trong khi chờ giải quyết, vẫn chấp hành quyết định hành chính bị khiếu nại (trừ khi được tạm đình chỉ)."
            ),
            _l("Chấp hành quyết định giải quyết khiếu nại đã có hiệu lực pháp luật."),
        ),
    ),
    Topic(
        "quyen-to-cao",
        _l("Khi tố cáo"),
        _l("Luật Tố cáo 2018, Điều 9"),
        (
            _l("Tố cáo bằng đơn hoặc trình bày trực tiếp tại cơ quan có thẩm quyền."),
            _l("Được giữ bí mật họ tên, địa chỉ, bút tích và các thông tin cá nhân khác."),
            _l("Được thông báo về việc thụ lý hoặc không thụ lý, việc chuyển đơn và kết luận nội dung tố cáo."),
            _l("Tố cáo tiếp khi có căn cứ cho rằng việc giải quyết chưa đúng pháp luật."),
            _l("Được bảo vệ khi bị đe dọa, trả thù, trù dập; rút tố cáo khi muốn."),
        ),
        (
            _l("Nêu rõ họ tên, địa chỉ và cách liên lạc với mình."),
            _l("Trình bày trung thực, cung cấp thông tin, tài liệu mình có."),
            _l("Chịu trách nhiệm trước pháp luật về nội dung tố cáo; hợp tác với người giải quyết."),
            _l("Bồi thường thiệt hại nếu cố ý tố cáo sai sự thật."),
        ),
    ),
    Topic(
        "quyen-khi-den-tiep",
        _l("Khi đến nơi tiếp công dân"),
        _l("Luật Tiếp công dân 2013, Điều 7"),
        (
            _l("Trình bày nội dung khiếu nại, tố cáo, kiến nghị, phản ánh và được hướng dẫn, giải thích."),
            _l("Nhờ người phiên dịch nếu không thông thạo tiếng Việt."),
            _l("Được thông báo việc tiếp nhận và kết quả xử lý; nhận giấy biên nhận có mã để tra cứu."),
        ),
        (
            _l("Xuất trình giấy tờ tùy thân và giấy ủy quyền (nếu đi thay người khác)."),
            _l("Giữ thái độ đúng mực, tôn trọng người tiếp và tuân thủ nội quy nơi tiếp công dân."),
            _l("Ký hoặc điểm chỉ xác nhận nội dung đã trình bày."),
            _l("Nhiều người cùng một nội dung thì cử người đại diện trình bày."),
        ),
    ),
)

LAWS = (
    Law(
        "luat-tiep-cong-dan",
        _l("Luật Tiếp công dân 2013"),
        "42/2013/QH13",
        (
            _l("Quy định việc cơ quan nhà nước tiếp người dân đến khiếu nại, tố cáo, kiến nghị, phản ánh."),
            _l("Chủ tịch UBND phường trực tiếp tiếp công dân ít nhất một ngày trong mỗi tuần (Điều 15)."),
            _l("Ngoài ngày lãnh đạo tiếp, cán bộ tiếp công dân tiếp thường xuyên vào giờ hành chính."),
            _l(
                "Nơi tiếp công dân có thể từ chối tiếp người say rượu, có hành vi đe dọa, xúc phạm, hoặc vụ việc đã được giải quyết đúng pháp luật mà vẫn cố tình khiếu nại kéo dài (Điều 9)."
            ),
        ),
    ),
    Law(
        "luat-khieu-nai",
        _l("Luật Khiếu nại 2011"),
        "02/2011/QH13",
        (
            _l(
                "Khiếu nại là đề nghị xem xét lại một quyết định hoặc hành vi hành chính mà mình cho là trái pháp luật, xâm phạm quyền, lợi ích của mình."
            ),
            _l("Thời hiệu khiếu nại là 90 ngày kể từ ngày nhận được hoặc biết được quyết định, hành vi đó (Điều 9)."),
            _l(
                "Trong 10 ngày kể từ khi nhận đơn, người có thẩm quyền phải thụ lý và thông báo cho người khiếu nại (Điều 27)."
            ),
            _l(
                "Khiếu nại lần đầu được giải quyết trong 30 ngày kể từ ngày thụ lý; vụ việc phức tạp không quá 45 ngày (Điều 28)."
            ),
        ),
    ),
    Law(
        "luat-to-cao",
        _l("Luật Tố cáo 2018"),
        "25/2018/QH14",
        (
            _l(
                "Tố cáo là báo cho cơ quan có thẩm quyền biết hành vi vi phạm pháp luật của bất kỳ cơ quan, tổ chức, cá nhân nào."
            ),
            _l("Người tố cáo được giữ bí mật danh tính và được bảo vệ."),
            _l("Tố cáo được giải quyết trong 30 ngày kể từ ngày thụ lý; vụ việc phức tạp có thể gia hạn (Điều 30)."),
            _l("Tố cáo không rõ người tố cáo (nặc danh) thì không được thụ lý giải quyết theo thủ tục tố cáo."),
        ),
    ),
)
