"""Provides the widgets of the reader."""
