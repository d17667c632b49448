"""Benchmarks (`make bench`), never part of `make test`: each module exposes `main()`."""
