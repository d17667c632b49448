import uuid
from datetime import UTC, datetime, timedelta

from tiepdan.alerts.domain.ids import time_ordered_id


def test_alert_ids_are_uuid7_sorted_by_time():
    start = datetime(2026, 6, 10, tzinfo=UTC)
    ids = [time_ordered_id(start + timedelta(milliseconds=n)) for n in range(0, 5000, 7)]
    assert ids == sorted(ids)
    parsed = uuid.UUID(ids[0])
    assert (parsed.version, parsed.variant) == (7, uuid.RFC_4122)
    assert len(set(time_ordered_id(start) for _ in range(1000))) == 1000
