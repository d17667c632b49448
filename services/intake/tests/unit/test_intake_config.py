import pytest
from cryptography.fernet import Fernet

from tiepdan.intake.config import IntakeConfig
from tiepdan.kit.calendar import DayType


@pytest.fixture
def keys(monkeypatch):
    monkeypatch.setenv("TIEPDAN_INTAKE_IDENTITY_KEYS", Fernet.generate_key().decode())
    monkeypatch.setenv("TIEPDAN_INTAKE_INDEX_KEY", "a-long-enough-index-key")


def test_defaults(keys):
    config = IntakeConfig.from_env(embedded=False)
    assert config.group_threshold == 5
    assert config.lead_working_days == 2
    assert config.store_denouncer_identity is True
    assert config.policy.rules["petition_processing"].day_type is DayType.CALENDAR
    assert config.policy.remote_area is False


def test_every_setting_from_the_environment(keys, monkeypatch):
    monkeypatch.setenv("TIEPDAN_INTAKE_GROUP_THRESHOLD", "6")
    monkeypatch.setenv("TIEPDAN_INTAKE_DEADLINE_LEAD_DAYS", "3")
    monkeypatch.setenv("TIEPDAN_INTAKE_STORE_DENOUNCER_IDENTITY", "false")
    monkeypatch.setenv("TIEPDAN_INTAKE_REMOTE_AREA", "true")
    monkeypatch.setenv("TIEPDAN_INTAKE_DEADLINE_RULES", '{"petition_processing": {"day_type": "working"}}')
    config = IntakeConfig.from_env(embedded=False)
    assert (config.group_threshold, config.lead_working_days) == (6, 3)
    assert config.store_denouncer_identity is False
    assert config.policy.remote_area is True
    assert config.policy.rules["petition_processing"].day_type is DayType.WORKING
    assert config.policy.complaint_resolution_rule(False, 1) == "complaint_resolution_remote"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TIEPDAN_INTAKE_STORE_DENOUNCER_IDENTITY", "maybe", "true or false"),
        ("TIEPDAN_INTAKE_GROUP_THRESHOLD", "1", "at least 2"),
        ("TIEPDAN_INTAKE_DEADLINE_RULES", '{"visit_reply": {"days": 0}}', "at least 1"),
    ],
)
def test_bad_settings_stop_the_process(keys, monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=message):
        IntakeConfig.from_env(embedded=False)
