"""Provides the library index: the corpus in SQLite for a fast library and full-text search.

- :mod:`index` keeps the index in step with the corpus folders (``LibraryIndex``);
- :mod:`search` finds sentences in Chinese (either script), English or toneless pinyin;
- :mod:`tokens` and :mod:`pinyin` make the forms of text the full-text table holds;
- :mod:`records`, :mod:`build`, :mod:`english` and :mod:`difficulty` make the rows;
- :mod:`words` keeps each article's word counts and gives the learner's difficulty from them;
- :mod:`db` and :mod:`schema` hold the connection, the tables and their migrations.
"""
