"""The alerts worker: outbox relay, event consumers and timers (`tiepdan worker alerts`)."""

from tiepdan.kit.worker import run_service_worker

from .app import SERVICE


def main() -> None:
    run_service_worker(SERVICE)


if __name__ == "__main__":
    main()
