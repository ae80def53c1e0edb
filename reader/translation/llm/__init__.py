"""Provides the llm engine: any OpenAI-compatible chat-completions server the user runs."""
