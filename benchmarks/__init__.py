"""Performance benchmark of the dashboard (python -m benchmarks.run); not part of the pytest suite."""
