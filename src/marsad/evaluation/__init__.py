"""Scoring coded output against gold readings (used by tests and benchmarks)."""
