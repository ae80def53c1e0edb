"""Provides the ``reader`` command line."""
