"""Provides the screens of the reader."""
