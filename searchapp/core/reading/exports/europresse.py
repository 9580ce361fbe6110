"""europresse exports (being written)."""
