"""Builds corpus/*.md from the raw seed articles with the importer's cleaning.

    uv run python scripts/build_corpus.py ../shared/seeds

Re-running it reproduces the committed corpus; review the diff before committing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from reader.atomic import write_text_atomic
from reader.corpus import render_article
from reader.model import ArticleMeta
from reader.text.clean import clean_text
from reader.text.script import detect_script

ROOT = Path(__file__).resolve().parent.parent
_FIELDS = ("title", "author", "source", "url", "date", "script")


def build(seeds_dir: Path) -> None:
    """Cleans every seed listed in scripts/seeds.yaml into corpus/<slug>.md."""
    specs = yaml.safe_load((ROOT / "scripts" / "seeds.yaml").read_text(encoding="utf-8"))
    for spec in specs:
        raw = (seeds_dir / spec["file"]).read_text(encoding="utf-8")
        for fix in spec.get("corrections", []):
            if fix["from"] not in raw:
                raise SystemExit(f"{spec['file']}: correction text not found: {fix['from']}")
            raw = raw.replace(fix["from"], fix["to"])
        cleaned = clean_text(raw)
        found = dict(cleaned.meta)
        fields = {k: spec.get(k) or found.get(k) for k in _FIELDS}
        fields["script"] = spec.get("script") or detect_script(raw)
        extra: dict[str, object] = {}
        for key in ("editor", "account"):
            if found.get(key):
                extra[key] = found[key]
        for key in ("title_note", "speakers"):
            if spec.get(key):
                extra[key] = spec[key]
        if spec.get("corrections"):
            extra["corrections"] = [
                {"text": c["to"], "why": " ".join(c["why"].split())} for c in spec["corrections"]
            ]
        meta = ArticleMeta(
            slug=spec["slug"],
            title=str(fields["title"]),
            author=fields["author"],
            source=fields["source"],
            url=fields["url"],
            date=fields["date"],
            script=str(fields["script"]),
            original_file=spec["file"],
            extra=extra,
        )
        out = ROOT / "corpus" / f"{spec['slug']}.md"
        write_text_atomic(out, render_article(meta, cleaned.blocks))
        print(f"{out.relative_to(ROOT)}: {len(cleaned.blocks)} blocks")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "seeds"))
