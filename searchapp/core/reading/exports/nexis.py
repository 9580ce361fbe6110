"""nexis exports (being written)."""
