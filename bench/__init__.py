"""Benchmarks: a synthetic fictional corpus and the harness that times checks and builds."""
