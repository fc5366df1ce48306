"""Readers for the benchmark formats and the community metrics (``newsift eval``)."""
