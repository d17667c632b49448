"""The roster worker: outbox relay, event consumers and timers (`tiepdan worker roster`)."""

from tiepdan.kit.service import Runtime
from tiepdan.kit.worker import Worker

from .app import SERVICE


def main() -> None:
    runtime = Runtime(SERVICE)
    if runtime.settings.embedded:
        runtime.start()
    Worker.for_runtime(runtime).serve()


if __name__ == "__main__":
    main()
