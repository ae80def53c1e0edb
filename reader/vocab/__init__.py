"""Provides the learner's vocabulary: saved words with their sentence, known-word states, HSK
levels and frequencies, article difficulty, and import and export (Anki, CSV, Pleco).

Plain Python (never imports textual); the data lives in ``vocabulary.sqlite`` in the user data
directory, the HSK lists and word frequencies are read lazily on first use.
"""
