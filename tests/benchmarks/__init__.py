"""Benchmarks, run on demand with `make bench`; each module named bench_*.py exposes run() -> [(figure, value)]."""
