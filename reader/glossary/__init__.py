"""Provides the curated glossary of AI terms: loading, validation, matching and search."""
