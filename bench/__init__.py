"""Benchmarks for `make bench`. Each module in SUITES exposes `main() -> None`."""

SUITES = ["bench.letters", "bench.letters_compare", "bench.deadlines", "bench.web", "bench.tracker",
          "bench.batch"]
