import pytest

from tiepdan.alerts.adapters import config_cache
from tiepdan.alerts.adapters.config_cache import ConfigCache


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticks(monkeypatch) -> Ticks:
    clock = Ticks()
    monkeypatch.setattr(config_cache.time, "monotonic", clock)
    return clock


def test_a_copy_lives_for_its_ttl(ticks):
    cache, loads = ConfigCache(ttl_s=2.0), []

    def load():
        loads.append(1)
        return len(loads)

    assert cache.get(("db", "u", "rules"), load) == 1
    ticks.now += 1.9
    assert cache.get(("db", "u", "rules"), load) == 1
    ticks.now += 0.1
    assert cache.get(("db", "u", "rules"), load) == 2


def test_a_local_write_drops_the_unit_copies_only(ticks):
    cache = ConfigCache()
    cache.get(("db", "u1", "rules"), lambda: "old")
    cache.get(("db", "u2", "rules"), lambda: "other")
    cache.invalidate("db", "u1")
    assert cache.get(("db", "u1", "rules"), lambda: "new") == "new"
    assert cache.get(("db", "u2", "rules"), lambda: "reloaded") == "other"
