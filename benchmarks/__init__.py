"""marsad benchmarks: run with `python -m benchmarks.run [NAME ...]`."""
