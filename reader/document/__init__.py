"""Provides the document model and its readers and writers: Markdown, HTML, EPUB, corpus files."""
