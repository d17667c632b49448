from datetime import timedelta

from alerts_samples import ORDINARY, visit

from tiepdan.alerts.domain.delivery import (
    INTERRUPTED,
    Channel,
    Delivery,
    Outcome,
    RetryPolicy,
    notification_payload,
)
from tiepdan.alerts.domain.detectors import detect_sighting
from tiepdan.alerts.domain.duty import Addressee
from tiepdan.alerts.domain.escalation import Reason


def test_back_off_doubles_up_to_a_cap():
    policy = RetryPolicy(max_attempts=10, first_delay=timedelta(seconds=2), max_delay=timedelta(seconds=30))
    assert [policy.delay_after(n).total_seconds() for n in range(1, 7)] == [2, 4, 8, 16, 30, 30]


def test_a_delivery_retries_then_fails_with_its_log():
    policy = RetryPolicy(max_attempts=3, first_delay=timedelta(seconds=1))
    delivery = Delivery("d1", "a1", "police", Channel.WEBHOOK, Reason.RAISED, {}, ORDINARY)
    delivery.record_failure(ORDINARY, "HTTP 500", 500, policy)
    assert (delivery.outcome, delivery.next_attempt_at) == (Outcome.RETRYING, ORDINARY + timedelta(seconds=1))
    delivery.record_failure(ORDINARY, "timeout", None, policy)
    assert delivery.next_attempt_at == ORDINARY + timedelta(seconds=2)
    delivery.record_failure(ORDINARY, "HTTP 500", 500, policy)
    assert (delivery.outcome, delivery.next_attempt_at) == (Outcome.FAILED, None)
    assert [entry["attempt"] for entry in delivery.to_document()["log"]] == [1, 2, 3]


def test_a_delivery_succeeds():
    delivery = Delivery("d1", "a1", "police", Channel.WEBHOOK, Reason.RAISED, {}, ORDINARY)
    delivery.record_success(ORDINARY, 204)
    assert delivery.outcome is Outcome.DELIVERED
    assert delivery.attempts == 1


def test_the_payload_names_the_duty_officers_and_no_citizen(rules, book):
    alert = book(None, detect_sighting(visit(headcount=6), rules)[0]).alert
    officer = Addressee("s015", "Mai Đức Lộc", "CA", "on_call", "morning")
    payload = notification_payload(alert, "police", Reason.RAISED, [officer], ORDINARY)
    assert payload["addressees"][0]["name"] == "Mai Đức Lộc"
    assert payload["alert"]["headcount"] == 6
    assert payload["reason"] == "raised"


def test_a_refused_request_is_not_retried():
    delivery = Delivery("d1", "a1", "police", Channel.WEBHOOK, Reason.RAISED, {}, ORDINARY)
    delivery.record_failure(ORDINARY, "HTTP 404", 404, RetryPolicy(), permanent=True)
    assert (delivery.outcome, delivery.next_attempt_at) == (Outcome.FAILED, None)


def test_addresses_accepted_mid_attempt_are_one_log_entry_with_the_outcome():
    delivery = Delivery("d1", "a1", "police", Channel.EMAIL, Reason.RAISED, {}, ORDINARY)
    delivery.note_accepted(ORDINARY, "truc@bachquang.gov.vn")
    assert delivery.sent_to() == {"truc@bachquang.gov.vn"}
    delivery.record_failure(ORDINARY, "SMTP 451", 451, RetryPolicy(), sent_to=["truc@bachquang.gov.vn"])
    assert [(e["attempt"], e["status"], e.get("sent_to")) for e in delivery.log] == [
        (1, 451, ["truc@bachquang.gov.vn"])
    ]


def test_an_attempt_a_worker_died_in_counts_with_the_addresses_it_wrote_to():
    policy = RetryPolicy()
    delivery = Delivery("d1", "a1", "police", Channel.EMAIL, Reason.RAISED, {}, ORDINARY)
    delivery.record_failure(ORDINARY, "SMTP 451", 451, policy)
    delivery.note_accepted(ORDINARY, "truc@bachquang.gov.vn")  # then the worker is killed
    later = ORDINARY + timedelta(minutes=1)
    delivery.close_interrupted(later)
    delivery.close_interrupted(later)  # nothing more under way
    delivery.record_success(later, 250, sent_to=["loc.mai@bachquang.gov.vn"])
    assert [(e["attempt"], e["error"], e.get("sent_to")) for e in delivery.log] == [
        (1, "SMTP 451", None),
        (2, INTERRUPTED, ["truc@bachquang.gov.vn"]),
        (3, None, ["loc.mai@bachquang.gov.vn"]),
    ]
    assert delivery.sent_to() == {"truc@bachquang.gov.vn", "loc.mai@bachquang.gov.vn"}
    assert (delivery.outcome, delivery.attempts) == (Outcome.DELIVERED, 3)
