"""Provides the addresses a reader can ask for at a sentence: its links, and the image it
captions or that follows it."""

from __future__ import annotations

from reader.model import Article, Sentence


def addresses_near(article: Article, sentence: Sentence) -> list[tuple[str, str]]:
    """(label, URL) of the links in ``sentence``, the image it is the caption of, and images
    between it and the next paragraph with sentences (an image without a caption is passed on
    the way there)."""
    found: list[tuple[str, str]] = []
    for mark in sentence.marks:
        if mark.kind == "link" and mark.url:
            found.append((sentence.text[mark.start : mark.end], mark.url))
    paragraphs = article.paragraphs
    index = sentence.paragraph
    for paragraph in paragraphs[index:]:
        if paragraph.index > index and paragraph.sentences:
            break
        block = paragraph.block
        if block.kind == "image" and block.src:
            found.append((block.alt or "image", block.src))
    return found
