"""Serve the kit's sample service through the embedded Platform (same outbox, relay and inbox as `make run`)."""

import os
import sys
from pathlib import Path

from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "kit" / "tests"))

from sample.service import SAMPLE

from tiepdan.embedded.platform import Platform


def main() -> None:
    platform = Platform.build({"test": SAMPLE})
    server = make_server("127.0.0.1", int(os.environ["TIEPDAN_PORT"]), platform.wsgi(), threaded=True)
    platform.worker.start()
    print("serving", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
