"""Alert rules and receivers as data (`GET|PUT /api/v1/alert-rules`), with the defaults a ward starts from.

Modelled on Alertmanager: detectors with thresholds and severities, receivers, routes matched in order
(first match wins unless `continue`), inhibitions and timing (escalation delays, repeat interval).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from tiepdan.alerts.domain.kinds import Kind, Severity
from tiepdan.alerts.domain.validation import Reader
from tiepdan.kit.text import normalise_subject

RECEIVER_ROLES = ("clerk", "leader", "police", "party_inspection", "party_standing", "province")
#: Receivers that may be told of a Party-personnel alert: the Party's inspection committee and the Party
#: committee's standing members who direct it (the plan: Thường trực Đảng ủy is told).
PARTY_RECEIVER_ROLES = frozenset({"party_inspection", "party_standing"})
#: Which alert attributes an inhibition may require to be equal between the muting and the muted alert.
INHIBITION_ATTRIBUTES = ("group_key", "field", "area")
#: A receiver is an office, not a mailing list: its mail goes out within one delivery lease.
MAX_EMAIL_ADDRESSES = 20
_RECEIVER_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
#: An address as a person types it (local@domain.tld); whether it exists only the mail server can tell.
_EMAIL_ADDRESS = re.compile(r"^[^@\s<>,;\"]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$")
#: Staff ids as the roster publishes them.
_STAFF_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


@dataclass(frozen=True)
class Receiver:
    """Who is told. `name` is also the AMQP routing key suffix: `alerts.notify.<name>`."""

    name: str
    title: str
    role: str
    agency: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    amqp: bool = True
    #: E-mail: fixed addresses always written to (the Chairman's, a mailbox of the agency) …
    email_to: tuple[str, ...] = ()
    #: … and the agency's staff by roster staff id, written to while the roster has them on duty.
    email_on_duty: Mapping[str, str] = field(default_factory=dict)

    @property
    def has_email(self) -> bool:
        return bool(self.email_to or self.email_on_duty)

    def email_addresses(self, on_duty_staff_ids: Iterable[str]) -> list[str]:
        """The fixed addresses, then those of the staff on duty, each once (case-insensitively)."""
        found = [*self.email_to, *(self.email_on_duty[s] for s in on_duty_staff_ids if s in self.email_on_duty)]
        unique: dict[str, str] = {}
        for address in found:
            unique.setdefault(address.lower(), address)
        return list(unique.values())

    def to_dict(self, with_secret: bool) -> dict[str, Any]:
        document: dict[str, Any] = {
            "name": self.name,
            "title": self.title,
            "role": self.role,
            "agency": self.agency,
            "amqp": self.amqp,
            "webhook": {"url": self.webhook_url, "has_secret": self.webhook_secret is not None},
            "email": {"to": list(self.email_to), "on_duty": dict(self.email_on_duty)},
        }
        if with_secret:
            document["webhook"]["secret"] = self.webhook_secret
        return document


@dataclass(frozen=True)
class RoutePlan:
    """The receivers told when an alert is raised, then one more per escalation level."""

    receivers: tuple[str, ...]
    escalation: tuple[str, ...]


@dataclass(frozen=True)
class Route:
    receivers: tuple[str, ...]
    escalation: tuple[str, ...] = ()
    kinds: frozenset[Kind] = frozenset()
    severities: frozenset[Severity] = frozenset()
    fields: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    continue_matching: bool = False

    def matches(self, kind: Kind, severity: Severity, field_code: str | None, area: str | None) -> bool:
        """An empty matcher matches anything; areas compare folded ("Tổ dân phố 5" = "to dan pho 5")."""
        return (
            (not self.kinds or kind in self.kinds)
            and (not self.severities or severity in self.severities)
            and (not self.fields or field_code in self.fields)
            and (not self.areas or normalise_subject(area or "") in {normalise_subject(a) for a in self.areas})
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "match": {
                "kinds": sorted(self.kinds),
                "severities": sorted(self.severities, key=lambda s: s.rank),
                "fields": sorted(self.fields),
                "areas": sorted(self.areas),
            },
            "receivers": list(self.receivers),
            "escalation": list(self.escalation),
            "continue": self.continue_matching,
        }


@dataclass(frozen=True)
class SeverityStep:
    """Raise an alert to `severity` once its counts reach these figures (an unset figure is no condition)."""

    severity: Severity
    min_headcount: int | None = None
    min_visits: int | None = None

    def reached(self, headcount: int, visits: int) -> bool:
        return (self.min_headcount is None or headcount >= self.min_headcount) and (
            self.min_visits is None or visits >= self.min_visits
        )

    def to_dict(self) -> dict[str, Any]:
        return {"severity": str(self.severity), "min_headcount": self.min_headcount, "min_visits": self.min_visits}


@dataclass(frozen=True)
class DetectorRule:
    """Per kind: on or off, the severity it starts at, steps raising it as counts grow, and its thresholds.

    Thresholds are read only by the detector they belong to: `min_headcount` (crowd), `min_persons`,
    `min_visits` and `window` (hotspot), `min_visits` and `after_resolved` (repeat), `severity_by_level`
    (over_level), `days_before` (calendar_missing), `days_around` (enforcement_in_special_period).
    """

    severity: Severity
    enabled: bool = True
    severity_steps: tuple[SeverityStep, ...] = ()
    min_headcount: int | None = None
    min_persons: int | None = None
    min_visits: int | None = None
    window: timedelta | None = None
    after_resolved: bool | None = None
    severity_by_level: Mapping[str, Severity] | None = None
    days_before: int | None = None
    days_around: int | None = None

    def severity_for(self, base: Severity, headcount: int, visits: int) -> Severity:
        reached = [step.severity for step in self.severity_steps if step.reached(headcount, visits)]
        return Severity.highest(base, *reached)

    def to_dict(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "enabled": self.enabled,
            "severity": str(self.severity),
            "severity_steps": [step.to_dict() for step in self.severity_steps],
        }
        for name in ("min_headcount", "min_persons", "min_visits", "after_resolved", "days_around"):
            if getattr(self, name) is not None:
                document[name] = getattr(self, name)
        if self.window is not None:
            document["window_hours"] = self.window // timedelta(hours=1)
        if self.severity_by_level is not None:
            document["severity_by_level"] = {level: str(sev) for level, sev in self.severity_by_level.items()}
        return document


@dataclass(frozen=True)
class Inhibition:
    """While an active `source_kind` alert exists with the same `equal` attributes, `target_kind` alerts are muted."""

    source_kind: Kind
    target_kind: Kind
    equal: tuple[str, ...] = ("group_key",)

    def to_dict(self) -> dict[str, Any]:
        return {"source_kind": str(self.source_kind), "target_kind": str(self.target_kind), "equal": list(self.equal)}


@dataclass(frozen=True)
class RuleSet:
    detectors: Mapping[Kind, DetectorRule]
    receivers: tuple[Receiver, ...]
    routes: tuple[Route, ...]
    default_route: RoutePlan
    inhibitions: tuple[Inhibition, ...]
    escalation_delays: Mapping[Severity, timedelta | None]
    repeat_interval: timedelta
    group_interval: timedelta = timedelta(minutes=5)
    raise_in_special_periods: bool = True

    def detector(self, kind: Kind) -> DetectorRule:
        return self.detectors[kind]

    def receiver(self, name: str) -> Receiver | None:
        return next((r for r in self.receivers if r.name == name), None)

    def escalation_delay(self, severity: Severity) -> timedelta | None:
        return self.escalation_delays.get(severity)

    def plan_for(self, kind: Kind, severity: Severity, field_code: str | None, area: str | None) -> RoutePlan:
        """Routes in order; the first match wins unless it says `continue`. Party-personnel alerts reach Party
        receivers only (inspection and the standing committee), whatever the routes say (Luật Tố cáo Art 9: the
        denunciation stays confidential).
        """
        receivers: list[str] = []
        escalation: list[str] = []
        for route in self.routes:
            if route.matches(kind, severity, field_code, area):
                receivers.extend(r for r in route.receivers if r not in receivers)
                escalation.extend(r for r in route.escalation if r not in escalation)
                if not route.continue_matching:
                    break
        if not receivers and not escalation:
            receivers, escalation = list(self.default_route.receivers), list(self.default_route.escalation)
        if kind is Kind.PARTY_PERSONNEL:
            receivers = [r for r in receivers if self._is_party_receiver(r)]
            escalation = [r for r in escalation if self._is_party_receiver(r)]
        escalation = [r for r in escalation if r not in receivers]
        return RoutePlan(tuple(receivers), tuple(escalation))

    def _is_party_receiver(self, name: str) -> bool:
        receiver = self.receiver(name)
        return receiver is not None and receiver.role in PARTY_RECEIVER_ROLES

    def with_secrets_from(self, previous: RuleSet) -> RuleSet:
        """Secrets are write-only: a PUT that leaves a receiver's secret out keeps the one already stored."""
        kept = []
        for receiver in self.receivers:
            old = previous.receiver(receiver.name)
            if receiver.webhook_secret is None and old is not None and old.webhook_url == receiver.webhook_url:
                receiver = replace(receiver, webhook_secret=old.webhook_secret)
            kept.append(receiver)
        return replace(self, receivers=tuple(kept))

    def to_dict(self, with_secrets: bool = False) -> dict[str, Any]:
        return {
            "detectors": {str(kind): rule.to_dict() for kind, rule in self.detectors.items()},
            "receivers": [r.to_dict(with_secrets) for r in self.receivers],
            "routes": [r.to_dict() for r in self.routes],
            "default_route": {
                "receivers": list(self.default_route.receivers),
                "escalation": list(self.default_route.escalation),
            },
            "inhibitions": [i.to_dict() for i in self.inhibitions],
            "escalation_minutes": {
                str(sev): None if delay is None else delay // timedelta(minutes=1)
                for sev, delay in self.escalation_delays.items()
            },
            "repeat_interval_minutes": self.repeat_interval // timedelta(minutes=1),
            "group_interval_minutes": self.group_interval // timedelta(minutes=1),
            "raise_in_special_periods": self.raise_in_special_periods,
        }

    @classmethod
    def from_dict(cls, data: Any) -> RuleSet:
        """Parse and check a whole document; raises DocumentError naming every offending field."""
        return _RuleSetReader().read(data)

    @classmethod
    def default(cls) -> RuleSet:
        return cls.from_dict(DEFAULT_RULES)


DEFAULT_RULES: dict[str, Any] = {
    "detectors": {
        "crowd": {
            "severity": "warning",
            "min_headcount": 5,
            "severity_steps": [{"severity": "critical", "min_headcount": 20}],
        },
        "hotspot": {
            "severity": "warning",
            "min_persons": 10,
            "min_visits": 3,
            "window_hours": 168,
            "severity_steps": [{"severity": "critical", "min_headcount": 30}],
        },
        "repeat": {"severity": "warning", "min_visits": 3, "after_resolved": True},
        "over_level": {"severity": "warning", "severity_by_level": {"province": "warning", "central": "critical"}},
        "party_personnel": {"severity": "warning"},
        "overdue": {"severity": "warning"},
        "coverage_gap": {"severity": "warning"},
        "calendar_missing": {"severity": "warning", "days_before": 60},
        "election_hold": {"severity": "warning"},
        "enforcement_in_special_period": {"severity": "warning", "days_around": 7},
        "reception_scheduled": {"severity": "warning"},
        "response_task_overdue": {"severity": "warning"},
    },
    "receivers": [
        {"name": "ward_office", "title": "Văn phòng HĐND-UBND phường", "role": "clerk", "agency": "VP"},
        {"name": "leader", "title": "Lãnh đạo UBND phường", "role": "leader", "agency": "LD"},
        {"name": "police", "title": "Công an phường", "role": "police", "agency": "CA"},
        {
            "name": "party_inspection",
            "title": "Ủy ban Kiểm tra Đảng ủy phường",
            "role": "party_inspection",
            "agency": "UBKT",
        },
        {"name": "province", "title": "Ban Tiếp công dân tỉnh", "role": "province"},
        {"name": "party_standing", "title": "Thường trực Đảng ủy phường", "role": "party_standing", "agency": "DU"},
    ],
    "routes": [
        {"match": {"kinds": ["party_personnel"]}, "receivers": ["party_inspection", "party_standing"]},
        {
            "match": {"kinds": ["crowd", "over_level"], "severities": ["critical"]},
            "receivers": ["ward_office", "police", "leader", "party_standing"],
            "escalation": ["province"],
        },
        {
            "match": {"kinds": ["hotspot"], "severities": ["critical"]},
            "receivers": ["ward_office", "police", "leader"],
            "escalation": ["province"],
        },
        {
            "match": {"kinds": ["crowd", "hotspot", "over_level"]},
            "receivers": ["ward_office", "police"],
            "escalation": ["leader", "province"],
        },
        {"match": {"kinds": ["repeat"]}, "receivers": ["ward_office", "police"], "escalation": ["leader"]},
        {"match": {"kinds": ["election_hold"]}, "receivers": ["leader", "ward_office"]},
        {"match": {"kinds": ["enforcement_in_special_period"]}, "receivers": ["leader", "ward_office"]},
        {"match": {"kinds": ["reception_scheduled"]}, "receivers": ["police"], "escalation": ["leader"]},
        {"match": {"kinds": ["response_task_overdue"]}, "receivers": ["leader"]},
    ],
    "default_route": {"receivers": ["ward_office"], "escalation": ["leader"]},
    "inhibitions": [{"source_kind": "over_level", "target_kind": "hotspot", "equal": ["group_key"]}],
    "escalation_minutes": {"critical": 15, "warning": 60, "info": None},
    "repeat_interval_minutes": 240,
    "group_interval_minutes": 5,
    "raise_in_special_periods": True,
}


class _RuleSetReader(Reader):
    def read(self, data: Any) -> RuleSet:
        document = self.mapping(data, "")
        receivers = self._receivers(document)
        known = {r.name for r in receivers}
        detectors = self._detectors(self.mapping(document.get("detectors", {}), "detectors"))
        routes = tuple(
            self._route(self.mapping(raw, f"routes[{i}]"), f"routes[{i}]", known)
            for i, raw in enumerate(self.items(document, "routes", ""))
        )
        default_raw = self.mapping(document.get("default_route", {}), "default_route")
        default_route = RoutePlan(
            self._receiver_names(default_raw, "receivers", "default_route", known),
            self._receiver_names(default_raw, "escalation", "default_route", known),
        )
        inhibitions = tuple(
            self._inhibition(self.mapping(raw, f"inhibitions[{i}]"), f"inhibitions[{i}]")
            for i, raw in enumerate(self.items(document, "inhibitions", ""))
        )
        delays = self._delays(self.mapping(document.get("escalation_minutes", {}), "escalation_minutes"))
        repeat = self.integer(document, "repeat_interval_minutes", "", default=240, minimum=1)
        group = self.integer(document, "group_interval_minutes", "", default=5, minimum=1)
        raise_in_periods = self.boolean(document, "raise_in_special_periods", "", default=True)
        self._check_party_routes(routes, receivers)
        self.check()
        return RuleSet(
            detectors=detectors,
            receivers=receivers,
            routes=routes,
            default_route=default_route,
            inhibitions=inhibitions,
            escalation_delays=delays,
            repeat_interval=timedelta(minutes=repeat),
            group_interval=timedelta(minutes=group),
            raise_in_special_periods=raise_in_periods,
        )

    def _receivers(self, document: Mapping[str, Any]) -> tuple[Receiver, ...]:
        receivers: list[Receiver] = []
        for index, raw in enumerate(self.items(document, "receivers", "")):
            path = f"receivers[{index}]"
            item = self.mapping(raw, path)
            name = self.text(item, "name", path)
            if name and not _RECEIVER_NAME.match(name):
                self.fail(f"{path}.name", "chỉ gồm chữ thường không dấu, số và _, bắt đầu bằng chữ (tối đa 40)")
            if any(r.name == name for r in receivers):
                self.fail(f"{path}.name", f"trùng tên nơi nhận {name!r}")
            role = self.text(item, "role", path)
            if role and role not in RECEIVER_ROLES:
                self.fail(f"{path}.role", f"phải là một trong {', '.join(RECEIVER_ROLES)}")
            webhook = self.mapping(item.get("webhook") or {}, f"{path}.webhook")
            url = self.optional_text(webhook, "url", f"{path}.webhook")
            if url and not url.startswith(("http://", "https://")):
                self.fail(f"{path}.webhook.url", "phải là địa chỉ http:// hoặc https://")
            email_to, email_on_duty = self._email(item, path)
            receivers.append(
                Receiver(
                    name=name,
                    title=self.optional_text(item, "title", path) or name,
                    role=role,
                    agency=self.optional_text(item, "agency", path),
                    webhook_url=url,
                    webhook_secret=self.optional_text(webhook, "secret", f"{path}.webhook"),
                    amqp=self.boolean(item, "amqp", path, default=True),
                    email_to=email_to,
                    email_on_duty=email_on_duty,
                )
            )
        return tuple(receivers)

    def _email(self, item: Mapping[str, Any], path: str) -> tuple[tuple[str, ...], dict[str, str]]:
        """`email: {"to": [address …], "on_duty": {staff_id: address}}`; addresses are checked for shape only."""
        email = self.mapping(item.get("email") or {}, f"{path}.email")
        to = self.choices(email, "to", f"{path}.email", _text_value)
        for index, address in enumerate(to):
            if not _EMAIL_ADDRESS.match(address):
                self.fail(f"{path}.email.to[{index}]", "không phải địa chỉ thư điện tử (ten@mien.vn)")
        book = self.mapping(email.get("on_duty") or {}, f"{path}.email.on_duty")
        on_duty: dict[str, str] = {}
        for staff_id, address in book.items():
            if not _STAFF_ID.match(str(staff_id)):
                self.fail(f"{path}.email.on_duty", f"mã cán bộ {staff_id!r} không hợp lệ")
            elif not isinstance(address, str) or not _EMAIL_ADDRESS.match(address.strip()):
                self.fail(f"{path}.email.on_duty.{staff_id}", "không phải địa chỉ thư điện tử (ten@mien.vn)")
            else:
                on_duty[str(staff_id)] = address.strip()
        if len(to) + len(on_duty) > MAX_EMAIL_ADDRESSES:
            self.fail(f"{path}.email", f"tối đa {MAX_EMAIL_ADDRESSES} địa chỉ cho một nơi nhận")
        return tuple(to), on_duty

    def _detectors(self, raw: Mapping[str, Any]) -> dict[Kind, DetectorRule]:
        unknown = sorted(set(raw) - {str(k) for k in Kind})
        for name in unknown:
            self.fail(f"detectors.{name}", "loại cảnh báo không tồn tại")
        defaults = DEFAULT_RULES["detectors"]
        detectors: dict[Kind, DetectorRule] = {}
        for kind in Kind:
            path = f"detectors.{kind}"
            item = self.mapping(raw.get(str(kind), defaults[str(kind)]), path)
            base = defaults[str(kind)]
            detectors[kind] = DetectorRule(
                severity=self.choice(item, "severity", path, Severity, Severity(base["severity"])),
                enabled=self.boolean(item, "enabled", path, default=True),
                severity_steps=tuple(
                    self._step(self.mapping(step, f"{path}.severity_steps[{i}]"), f"{path}.severity_steps[{i}]")
                    for i, step in enumerate(self.items(item, "severity_steps", path))
                ),
                **self._thresholds(kind, item, base, path),
            )
        return detectors

    def _thresholds(self, kind: Kind, item: Mapping[str, Any], base: Mapping[str, Any], path: str) -> dict[str, Any]:
        if kind is Kind.CROWD:
            return {"min_headcount": self.integer(item, "min_headcount", path, base["min_headcount"], minimum=2)}
        if kind is Kind.HOTSPOT:
            hours = self.integer(item, "window_hours", path, base["window_hours"], minimum=1)
            return {
                "min_persons": self.integer(item, "min_persons", path, base["min_persons"], minimum=1),
                "min_visits": self.integer(item, "min_visits", path, base["min_visits"], minimum=1),
                "window": timedelta(hours=hours),
            }
        if kind is Kind.REPEAT:
            return {
                "min_visits": self.integer(item, "min_visits", path, base["min_visits"], minimum=2),
                "after_resolved": self.boolean(item, "after_resolved", path, default=base["after_resolved"]),
            }
        if kind is Kind.OVER_LEVEL:
            levels = self.mapping(item.get("severity_by_level", base["severity_by_level"]), f"{path}.severity_by_level")
            by_level = {
                level: self.choice(levels, level, f"{path}.severity_by_level", Severity, Severity(default))
                for level, default in base["severity_by_level"].items()
            }
            return {"severity_by_level": by_level}
        if kind is Kind.CALENDAR_MISSING:
            return {"days_before": self.integer(item, "days_before", path, base["days_before"], minimum=1)}
        if kind is Kind.ENFORCEMENT_IN_SPECIAL_PERIOD:
            return {"days_around": self.integer(item, "days_around", path, base["days_around"], minimum=0)}
        return {}

    def _step(self, item: Mapping[str, Any], path: str) -> SeverityStep:
        step = SeverityStep(
            severity=self.choice(item, "severity", path, Severity, Severity.WARNING),
            min_headcount=self.optional_integer(item, "min_headcount", path, minimum=1),
            min_visits=self.optional_integer(item, "min_visits", path, minimum=1),
        )
        if "severity" not in item:
            self.fail(f"{path}.severity", "bắt buộc")
        if step.min_headcount is None and step.min_visits is None:
            self.fail(path, "cần min_headcount hoặc min_visits")
        return step

    def _route(self, item: Mapping[str, Any], path: str, known: set[str]) -> Route:
        match = self.mapping(item.get("match", {}), f"{path}.match")
        route = Route(
            receivers=self._receiver_names(item, "receivers", path, known),
            escalation=self._receiver_names(item, "escalation", path, known),
            kinds=frozenset(self.choices(match, "kinds", f"{path}.match", Kind)),
            severities=frozenset(self.choices(match, "severities", f"{path}.match", Severity)),
            fields=frozenset(self.choices(match, "fields", f"{path}.match", _text_value)),
            areas=frozenset(self.choices(match, "areas", f"{path}.match", _text_value)),
            continue_matching=self.boolean(item, "continue", path, default=False),
        )
        if not route.receivers:
            self.fail(f"{path}.receivers", "cần ít nhất một nơi nhận")
        return route

    def _receiver_names(self, item: Mapping[str, Any], key: str, path: str, known: set[str]) -> tuple[str, ...]:
        names = self.choices(item, key, path, _text_value)
        for index, name in enumerate(names):
            if name not in known:
                self.fail(f"{path}.{key}[{index}]", f"nơi nhận {name!r} chưa được khai báo trong receivers")
        return names

    def _inhibition(self, item: Mapping[str, Any], path: str) -> Inhibition:
        inhibition = Inhibition(
            source_kind=self.choice(item, "source_kind", path, Kind, Kind.OVER_LEVEL),
            target_kind=self.choice(item, "target_kind", path, Kind, Kind.HOTSPOT),
            equal=self.choices(item, "equal", path, _inhibition_attribute) or ("group_key",),
        )
        for key in ("source_kind", "target_kind"):
            if key not in item:
                self.fail(f"{path}.{key}", "bắt buộc")
        if inhibition.source_kind == inhibition.target_kind:
            self.fail(path, "một loại cảnh báo không thể tự chặn chính nó")
        return inhibition

    def _delays(self, raw: Mapping[str, Any]) -> dict[Severity, timedelta | None]:
        defaults = DEFAULT_RULES["escalation_minutes"]
        delays: dict[Severity, timedelta | None] = {}
        for severity in Severity:
            minutes = (
                self.optional_integer(raw, str(severity), "escalation_minutes", minimum=1)
                if str(severity) in raw
                else defaults[str(severity)]
            )
            delays[severity] = None if minutes is None else timedelta(minutes=minutes)
        return delays

    def _check_party_routes(self, routes: tuple[Route, ...], receivers: tuple[Receiver, ...]) -> None:
        roles = {r.name: r.role for r in receivers}
        for index, route in enumerate(routes):
            if route.kinds == {Kind.PARTY_PERSONNEL}:
                for name in (*route.receivers, *route.escalation):
                    if roles.get(name, "party_inspection") not in PARTY_RECEIVER_ROLES:
                        self.fail(
                            f"routes[{index}]",
                            "cảnh báo party_personnel chỉ gửi Ủy ban Kiểm tra và Thường trực Đảng ủy; "
                            f"{name!r} không được nhận",
                        )


def _text_value(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected text")
    return value.strip()


def _inhibition_attribute(value: Any) -> str:
    if value not in INHIBITION_ATTRIBUTES:
        raise ValueError(f"not one of {INHIBITION_ATTRIBUTES}")
    return str(value)
