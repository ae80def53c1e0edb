"""Benchmarks the argos engine on a synthetic model of realistic size, and the cached re-open.

The model has the dimensions of argostranslate's zh→en package (6+6 layers, d_model 512, 8 heads,
feed-forward 2048, a 32k vocabulary, int8 weights) with random weights: its output is noise, but
its per-token cost is real. Random weights never choose the end token, so every hypothesis
decodes to the length cap; the cap is a fixed 24 target tokens per sentence (the article's
sentences have 16 source tokens on average; English runs about 1.5× that), the same in both
modes, so both do the same decoding work per sentence.

- batched: ``translate_article`` on the longest article (latepost-interview), the path of
  ``reader translate``, against one CTranslate2 call per sentence with the same translator,
  model and settings, in the same run, in sentences per second (target: at least 3×). One call
  per sentence is slow, so it runs on every fourth sentence of the article;
- re-open: ``translations_for`` on that article once its translations are in the store
  (target: under 50 ms);
- glossary enforcement on the same model: the share of sentences with glossary terms whose output
  uses them, without enforcement, with each step and with both.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, Row, measure

ARTICLE = "latepost-interview"
VOCAB = 32_000
LAYERS = 6
D_MODEL = 512
HEADS = 8
FFN = 2048


def _sentencepiece(folder: Path) -> list[str]:
    """A SentencePiece model trained on the corpus and glossary, and the model's vocabulary
    (its pieces, padded to 32k entries so the output layer has a real size)."""
    import io

    import sentencepiece as spm

    text = [
        line
        for path in sorted((ROOT / "corpus").glob("*.md"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    text += (ROOT / "glossary.yaml").read_text(encoding="utf-8").splitlines()
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(text),
        model_writer=model,
        vocab_size=8000,
        hard_vocab_limit=False,
        character_coverage=0.9995,
        byte_fallback=True,
        minloglevel=2,
    )
    (folder / "sentencepiece.model").write_bytes(model.getvalue())
    processor = spm.SentencePieceProcessor(model_proto=model.getvalue())
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    return pieces + [f"<unused{i}>" for i in range(VOCAB - len(pieces))]


def build_model(folder: Path) -> Path:
    """Writes an argos package folder with a random 6+6-layer, 32k-vocabulary model."""
    import json

    import numpy as np
    from ctranslate2.specs import transformer_spec

    folder.mkdir(parents=True)
    vocab = _sentencepiece(folder)
    rng = np.random.default_rng(0)

    def weight(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape, dtype=np.float32) / np.sqrt(shape[-1])).astype(
            np.float32
        )

    def norm(spec: object) -> None:
        spec.gamma = np.ones(D_MODEL, np.float32)  # type: ignore[attr-defined]
        spec.beta = np.zeros(D_MODEL, np.float32)  # type: ignore[attr-defined]

    def linear(spec: object, out: int, inp: int) -> None:
        spec.weight = weight(out, inp)  # type: ignore[attr-defined]
        spec.bias = np.zeros(out, np.float32)  # type: ignore[attr-defined]

    spec = transformer_spec.TransformerSpec.from_config(LAYERS, HEADS)
    spec.encoder.embeddings[0].weight = weight(VOCAB, D_MODEL)
    spec.decoder.embeddings.weight = weight(VOCAB, D_MODEL)
    norm(spec.encoder.layer_norm)
    norm(spec.decoder.layer_norm)
    for layer in [*spec.encoder.layer, *spec.decoder.layer]:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * D_MODEL, D_MODEL)
        linear(layer.self_attention.linear[1], D_MODEL, D_MODEL)
        norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, FFN, D_MODEL)
        linear(layer.ffn.linear_1, D_MODEL, FFN)
        if hasattr(layer, "attention"):
            norm(layer.attention.layer_norm)
            linear(layer.attention.linear[0], D_MODEL, D_MODEL)
            linear(layer.attention.linear[1], 2 * D_MODEL, D_MODEL)
            linear(layer.attention.linear[2], D_MODEL, D_MODEL)
    linear(spec.decoder.projection, VOCAB, D_MODEL)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization="int8")  # as argostranslate's packages are
    (folder / "model").mkdir()
    spec.save(str(folder / "model"))
    metadata = {"package_version": "1.0", "from_code": "zh", "to_code": "en", "type": "translate"}
    (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    return folder


def run() -> list[Row]:
    """Measures batched vs per-sentence translation, the cached re-open and enforcement."""
    saved = os.environ.get("READER_DATA_DIR")
    work = Path(tempfile.mkdtemp(prefix="reader-bench-translate-"))
    try:
        os.environ["READER_DATA_DIR"] = str(work / "data")
        return _run(work)
    finally:
        if saved is None:
            os.environ.pop("READER_DATA_DIR", None)
        else:
            os.environ["READER_DATA_DIR"] = saved
        shutil.rmtree(work, ignore_errors=True)


def _run(work: Path) -> list[Row]:
    from reader.translation.argos import ArgosConfig, ArgosTranslator
    from reader.translation.lookup import translations_for
    from reader.translation.packages import active_model, packages_dir
    from reader.translation.runner import translate_article
    from reader.workspace import Workspace

    started = time.perf_counter()
    build_model(packages_dir() / "translate-zh_en-bench")
    build_seconds = time.perf_counter() - started
    corpus = work / "corpus"  # the article without curated English, so the store is read
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / f"{ARTICLE}.md", corpus)
    ws = Workspace(str(corpus))
    article = ws.corpus.load(ARTICLE)
    sentences = [s.text for s in article.sentences()]
    model = active_model()
    assert model is not None
    config = ArgosConfig(max_output_ratio=0.0, extra_output_tokens=24)
    translator = ArgosTranslator(model, config)
    translator.translate(sentences[:8])  # load and warm up
    tokens = sum(len(translator.tokenize(s)) for s in sentences)
    note = f"{len(sentences)} sentences, {tokens} source tokens, beam {config.beam_size}"

    def batched() -> None:
        ws.translations.close()
        (work / "data" / "translations.sqlite").unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            (work / "data" / f"translations.sqlite{suffix}").unlink(missing_ok=True)
        summary = translate_article(ws, article, config=config, translator=translator)
        assert summary.translated == len(sentences)

    sample = sentences[::4]

    def one_by_one() -> None:
        for sentence in sample:
            translator.translate([sentence])

    batched_rate = [len(sentences) / t for t in measure(batched, runs=3, warmup=0)]
    single_rate = [len(sample) / t for t in measure(one_by_one, runs=2, warmup=0)]
    rows = [
        Row(
            "translate",
            "one CTranslate2 call per sentence",
            single_rate,
            unit="sent/s",
            note=f"{len(sample)} sentences (every 4th)",
        ),
        Row(
            "translate",
            "batched article (reader translate)",
            batched_rate,
            unit="sent/s",
            baseline="one CTranslate2 call per sentence",
            target="≥ 3×",
            note=f"{note}, batch {config.batch_size}, model built in {build_seconds:.0f} s",
        ),
    ]
    # The store now holds the article's argos output. Output the guards flagged (untranslated)
    # is not shown: those sentences get a gloss, computed (jieba, CC-CEDICT) and stored on the
    # first opening, read from the store on later ones.
    argos = translations_for(ws, article, glosses=False)
    first = measure(lambda: translations_for(ws, article), runs=1, warmup=0)
    note = f"{len(argos)} argos + {len(sentences) - len(argos)} glosses of flagged output"

    def fresh_reopen() -> None:
        fresh = Workspace(str(corpus))
        translations_for(fresh, fresh.corpus.load(ARTICLE))

    rows.append(
        Row(
            "re-open",
            "first opening (glosses flagged sentences)",
            first,
            note="includes loading jieba and CC-CEDICT, caches cold",
        )
    )
    rows.append(
        Row(
            "re-open",
            "translations_for, later openings",
            measure(lambda: translations_for(ws, article), runs=20, warmup=2),
            target="< 50 ms",
            note=note,
        )
    )
    rows.append(
        Row(
            "re-open",
            "new workspace: parse article, open store, read",
            measure(fresh_reopen, runs=10, warmup=1),
            target="< 50 ms",
        )
    )
    rows.extend(_enforcement(ws, article, translator))
    return rows


def _enforcement(ws: object, article: object, translator: object) -> list[Row]:
    """Consistency of the random model's output on the article's sentences with glossary terms."""
    from reader.model import Article
    from reader.translation.argos import ArgosTranslator
    from reader.translation.consistency import inconsistent_terms, terms_in
    from reader.translation.terms import Enforcer
    from reader.workspace import Workspace

    assert isinstance(ws, Workspace) and isinstance(article, Article)
    assert isinstance(translator, ArgosTranslator)
    matcher = ws.analyzer.matcher
    with_terms = [s.text for s in article.sentences() if terms_in(matcher, s.text)]
    rows = []
    for label, inline, repair in (
        ("off", False, False),
        ("inline", True, False),
        ("repair", False, True),
        ("inline+repair", True, True),
    ):
        enforcer = Enforcer(ws.glossary, matcher, inline=inline, repair=repair)
        started = time.perf_counter()
        outputs = translator.translate(with_terms, enforcer=enforcer if inline or repair else None)
        seconds = time.perf_counter() - started
        good = sum(
            1
            for zh, out in zip(with_terms, outputs, strict=True)
            if not inconsistent_terms(ws.glossary, matcher, zh, out.text)
        )
        flagged = sum(1 for out in outputs if out.flags)
        rows.append(
            Row(
                "enforce terms (random model)",
                label,
                [100.0 * good / len(with_terms)],
                unit="% consistent",
                note=f"{len(with_terms)} sentences with terms, {flagged} flagged, {seconds:.1f} s",
            )
        )
    return rows
