"""The closed lists of the intake API (docs/contract.md) with the Vietnamese label users see."""

from __future__ import annotations

from enum import StrEnum


class Reception(StrEnum):
    REGULAR = "regular"
    PERIODIC = "periodic"
    UNSCHEDULED = "unscheduled"
    DELEGATED = "delegated"


class Kind(StrEnum):
    COMPLAINT = "complaint"
    DENUNCIATION = "denunciation"
    RECOMMENDATION = "recommendation"
    FEEDBACK = "feedback"
    MIXED = "mixed"


class Field(StrEnum):
    LAND = "land"
    COMPENSATION = "compensation"
    HOUSING = "housing"
    SOCIAL_POLICY = "social_policy"
    RELIGION = "religion"
    ENVIRONMENT = "environment"
    OFFICIAL_CONDUCT = "official_conduct"
    PARTY = "party"
    JUSTICE = "justice"
    ELECTION = "election"
    OTHER = "other"


class Channel(StrEnum):
    POST = "post"
    ONLINE = "online"
    IN_PERSON = "in_person"
    TRANSFERRED = "transferred"
    PRESS = "press"


class IdType(StrEnum):
    CCCD = "cccd"
    CMND = "cmnd"
    PASSPORT = "passport"


KIND_LABELS: dict[Kind, str] = {
    Kind.COMPLAINT: "Khiếu nại",
    Kind.DENUNCIATION: "Tố cáo",
    Kind.RECOMMENDATION: "Kiến nghị",
    Kind.FEEDBACK: "Phản ánh",
    Kind.MIXED: "Nhiều nội dung",
}

FIELD_LABELS: dict[Field, str] = {
    Field.LAND: "Đất đai",
    Field.COMPENSATION: "Bồi thường, hỗ trợ, tái định cư",
    Field.HOUSING: "Nhà ở",
    Field.SOCIAL_POLICY: "Chính sách xã hội",
    Field.RELIGION: "Tôn giáo",
    Field.ENVIRONMENT: "Môi trường",
    Field.OFFICIAL_CONDUCT: "Hành vi của cán bộ, công chức",
    Field.PARTY: "Đảng",
    Field.JUSTICE: "Tư pháp",
    Field.ELECTION: "Bầu cử",
    Field.OTHER: "Khác",
}
