"""Provides the glossary appendix: the terms that occur in the article, each with an anchor.

Each entry is a list item opening with an explicit ``<a id="term-…">`` (the target of the link at
the term's first occurrence) and ending with a link back to that occurrence. Related entries
(``see_also``) follow the definition by name; a related term that is in the appendix too is a
link to its entry there.
"""

from __future__ import annotations

from reader.export.escape import escape_line_start, escape_text
from reader.export.inline import ref_anchor, term_anchor
from reader.export.prepare import TermUse
from reader.glossary.model import Entry

APPENDIX_ANCHOR = "glossary"


def render_appendix(terms: tuple[TermUse, ...]) -> str | None:
    """The appendix as Markdown, or None when no term occurs."""
    if not terms:
        return None
    listed = {use.entry.id for use in terms}
    blocks = [f'## <a id="{APPENDIX_ANCHOR}"></a>Glossary · 术语表']
    for use in terms:
        entry = use.entry
        forms = ", ".join(
            f"**{escape_text(form)}**" + (f" *{escape_text(reading)}*" if reading else "")
            for form, reading in use.forms
        )
        english = escape_text(entry.en)
        if entry.abbr:
            english += f" ({escape_text(', '.join(entry.abbr))})"
        head = " · ".join(part for part in (forms, english) if part)
        item = (
            f'- <a id="{term_anchor(entry.id)}"></a>{head} [↩](#{ref_anchor(entry.id)})\n\n'
            f"  {escape_line_start(escape_text(entry.definition).strip(' '))}"
        )
        if use.related:
            names = ", ".join(_related(other, other.id in listed) for other in use.related)
            item += f"\n\n  See also: {names}"
        blocks.append(item)
    return "\n\n".join(blocks)


def related_name(entry: Entry) -> str:
    """How a related entry is named: its main Chinese form and its English."""
    return f"{entry.zh[0]} {entry.en}" if entry.zh else entry.en


def _related(entry: Entry, linked: bool) -> str:
    name = escape_text(related_name(entry))
    return f"[{name}](#{term_anchor(entry.id)})" if linked else name
