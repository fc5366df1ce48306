"""Rebuild newsift's shipped models from public training data (``python -m newsift.train.<model>``)."""
