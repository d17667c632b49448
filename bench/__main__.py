"""`make bench [BENCH=name]`: run every benchmark module in bench/ (or the named ones) and print their figures."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path


def main() -> None:
    wanted = [name for name in os.environ.get("BENCH", "").split(",") if name] or sys.argv[1:]
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_"))
    failures = 0
    for name in names:
        if wanted and name not in wanted:
            continue
        module = importlib.import_module(f"bench.{name}")
        if not hasattr(module, "main"):
            continue
        print(f"\n=== bench.{name} ===", flush=True)
        try:
            module.main()
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            failures += 1
            print(f"bench.{name} failed: {type(exc).__name__}: {exc}", flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
