"""factiva exports (being written)."""
