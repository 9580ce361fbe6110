"""proquest exports (being written)."""
