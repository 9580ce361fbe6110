"""searchapp: offline search for folders of saved news articles."""

__version__ = "0.1.0"
