"""Provides the reader's vocabulary pieces: word marks, the save and mark actions, the
vocabulary screen and its dialogs, and the library's difficulty column."""
