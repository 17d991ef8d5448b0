"""Benchmarks for `make bench`. Each module in SUITES exposes `main() -> None`."""

SUITES = ["bench.letters", "bench.deadlines", "bench.web"]
