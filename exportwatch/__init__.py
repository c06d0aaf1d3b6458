"""exportwatch: a tracker and knowledge graph of US and allied export-control regulation."""

__version__ = "0.1.0"
