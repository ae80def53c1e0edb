"""Provides the Textual user interface; it renders and dispatches, the core does the work."""
