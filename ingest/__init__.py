"""Ingest: fetch sources, keep raw payloads, parse documents, extract facts. Knows nothing of the graph."""
