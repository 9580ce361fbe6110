"""The headless core of searchapp: reading, metadata, indexing and search. Never imports Qt."""
