"""Builds a tiny, real zh→en argostranslate package at test time, and fixtures that install it.

The package is what a downloaded ``.argosmodel`` holds: ``metadata.json``, a SentencePiece model
and a CTranslate2 Transformer. The SentencePiece model is trained on a small bilingual text in a
few milliseconds; the Transformer's weights are set by hand so that it behaves like a (very bad)
word-by-word translator, which makes its output predictable enough to test the real code path:

- the encoder embeds each source piece as a one-hot vector plus a one-hot position;
- the decoder's cross-attention looks, at step *t*, at source position *t* (hard attention
  through the position dimensions) and copies that piece's one-hot vector;
- the output projection maps each source piece to a target piece: Chinese words of ``LEXICON``
  to their English senses (the first sense wins, the others are the n-best alternatives), every
  other piece to itself. So Latin text is copied and unknown Chinese comes out as Chinese.

``looping=True`` builds the same model with the cross-attention blinded (uniform attention) and a
weak end-of-sentence token, so it repeats the most common word of the source until the length
limit: the repetition loop that users of argostranslate report for zh→en (#422).
"""

from __future__ import annotations

import io
import json
import random
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

LEXICON: dict[str, list[str]] = {
    "因为": ["because"],
    "他": ["he"],
    "信": ["believes", "trusts"],
    "物理学": ["physics"],
    "里": ["in"],
    "的": ["of"],
    "规模": ["scale", "size"],
    "定律": ["law"],
    "坐标": ["coordinate"],
    "下降": ["decline"],
    "我们": ["we"],
    "用": ["use"],
    "训练": ["train"],
    "模型": ["model"],
    "银行": ["bank"],
    "行长": ["president"],
    "说": ["said"],
    "今天": ["today"],
    "数据": ["data"],
    "很": ["very"],
    "大": ["big", "large"],
    "线性": ["linear"],
    "注意力": ["attention"],
    "公司": ["company"],
    "阴性": ["negative"],
}
# Latin words the model must know as single pieces, so that it can copy them.
LATIN = ["scaling", "law", "coordinate", "descent", "linear", "attention", "Scaling", "Law"]

ARTICLE = (
    "物理学\n\n"
    "物理学的规模定律。\n\n"
    "因为他信物理学里的 Scaling Law(规模定律)。我们用坐标下降训练模型。\n\n"
    "银行行长说：今天的数据很大。\n\n"
    "他信线性注意力。鸡鸭鱼肉。\n"
)
POSITIONS = 96


def _training_text() -> list[str]:
    rng = random.Random(5)
    words = list(LEXICON)
    lines = []
    for _ in range(300):
        chosen = rng.sample(words, 5)
        lines.append("".join(chosen) + "。")
        lines.append(" ".join(rng.choice(LEXICON[w]) for w in chosen) + ".")
    lines += [" ".join(LATIN)] * 20
    return lines


def _train_sentencepiece() -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(_training_text()),
        model_writer=model,
        model_type="bpe",
        vocab_size=800,
        hard_vocab_limit=False,
        character_coverage=1.0,
        user_defined_symbols=list(LEXICON),
        byte_fallback=True,
        minloglevel=2,
    )
    return model.getvalue()


def _build_ctranslate2(model_dir: Path, vocab: list[str], *, looping: bool) -> None:
    import numpy as np
    from ctranslate2.specs import transformer_spec

    index = {piece: i for i, piece in enumerate(vocab)}
    missing = [w for senses in LEXICON.values() for w in senses if f"▁{w}" not in index]
    missing += [w for w in LATIN if f"▁{w}" not in index]
    assert not missing, f"the tiny SentencePiece model split these words: {missing}"
    v = len(vocab)
    d = (v + POSITIONS + 7) // 8 * 8
    tok = np.arange(v)
    pos = np.arange(POSITIONS)

    def zeros(*shape: int) -> np.ndarray:
        return np.zeros(shape, np.float32)

    def norm(spec: object) -> None:
        spec.gamma = np.ones(d, np.float32)  # type: ignore[attr-defined]
        spec.beta = zeros(d)  # type: ignore[attr-defined]

    def linear(spec: object, weight: np.ndarray) -> None:
        spec.weight = weight.astype(np.float32)  # type: ignore[attr-defined]
        spec.bias = zeros(weight.shape[0])  # type: ignore[attr-defined]

    def silent(layer: object) -> None:
        """Self-attention and feed-forward blocks that add nothing to the residual stream."""
        norm(layer.self_attention.layer_norm)  # type: ignore[attr-defined]
        linear(layer.self_attention.linear[0], zeros(3 * d, d))  # type: ignore[attr-defined]
        linear(layer.self_attention.linear[1], zeros(d, d))  # type: ignore[attr-defined]
        norm(layer.ffn.layer_norm)  # type: ignore[attr-defined]
        linear(layer.ffn.linear_0, zeros(8, d))  # type: ignore[attr-defined]
        linear(layer.ffn.linear_1, zeros(d, 8))  # type: ignore[attr-defined]

    spec = transformer_spec.TransformerSpec.from_config((1, 1), 1)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.scale_embeddings = False
    decoder.scale_embeddings = False
    embed = zeros(v, d)
    embed[tok, tok] = 1.0
    encoder.embeddings[0].weight = embed
    positions = zeros(POSITIONS, d)
    positions[pos, v + pos] = 1.0
    encoder.position_encodings.encodings = positions
    decoder.position_encodings.encodings = positions.copy()
    decoder.embeddings.weight = zeros(v, d)
    norm(encoder.layer_norm)
    norm(decoder.layer_norm)
    silent(encoder.layer[0])
    layer = decoder.layer[0]
    silent(layer)
    position_part = zeros(d, d)
    position_part[v + pos, v + pos] = 1.0
    token_part = zeros(d, d)
    token_part[tok, tok] = 1.0
    norm(layer.attention.layer_norm)
    linear(layer.attention.linear[0], zeros(d, d) if looping else position_part)
    linear(layer.attention.linear[1], np.concatenate([position_part, token_part]))
    linear(layer.attention.linear[2], token_part)
    projection = zeros(v, d)
    # Copy by default; the looping model prefers lexicon words, so that it repeats one of them.
    projection[tok, tok] = 0.5 if looping else 1.0
    for word, senses in LEXICON.items():
        source = index[word]
        projection[source, source] = 0.0
        for rank, sense in enumerate(senses):
            projection[index[f"▁{sense}"], source] = 1.0 - 0.2 * rank
    if looping:
        projection[index["</s>"], index["</s>"]] = 0.25
    linear(decoder.projection, projection)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.config.add_source_eos = True
    spec.validate()
    model_dir.mkdir(parents=True)
    spec.save(str(model_dir))


def build_package(
    parent: Path,
    *,
    name: str = "translate-zh_en-1_0",
    version: str = "1.0",
    from_code: str = "zh",
    to_code: str = "en",
    looping: bool = False,
) -> Path:
    """Writes a package folder ``parent/name`` and returns it."""
    import sentencepiece as spm

    folder = parent / name
    folder.mkdir(parents=True)
    sp_model = _train_sentencepiece()
    (folder / "sentencepiece.model").write_bytes(sp_model)
    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    vocab = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    _build_ctranslate2(folder / "model", vocab, looping=looping)
    metadata = {
        "package_version": version,
        "argos_version": "1.9",
        "from_code": from_code,
        "from_name": "Chinese",
        "to_code": to_code,
        "to_name": "English",
        "type": "translate",
    }
    (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    (folder / "README.md").write_text("A tiny test model.\n", encoding="utf-8")
    return folder


def zip_package(folder: Path, dest: Path) -> Path:
    """Zips a package folder as an ``.argosmodel`` (stored: the hand-set weights are mostly
    zeros and would otherwise look like a compression bomb)."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_STORED) as archive:
        archive.write(folder, folder.name)
        for path in sorted(folder.rglob("*")):
            archive.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return dest


@pytest.fixture(scope="session")
def tiny_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An ``.argosmodel`` file of the tiny word-by-word model."""
    base = tmp_path_factory.mktemp("tiny-model")
    return zip_package(build_package(base / "build"), base / "translate-zh_en-1_0.argosmodel")


@pytest.fixture(scope="session")
def looping_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An ``.argosmodel`` file of the tiny model that loops."""
    base = tmp_path_factory.mktemp("looping-model")
    folder = build_package(base / "build", name="translate-zh_en-0_1", version="0.1", looping=True)
    return zip_package(folder, base / "looping.argosmodel")


@pytest.fixture(scope="session")
def session_caches(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """jieba's and CC-CEDICT's caches, built once per test session."""
    data = tmp_path_factory.mktemp("cache-build")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("READER_DATA_DIR", str(data))
        from reader.dictionary import Dictionary
        from reader.paths import cache_dir
        from reader.text.segment import Segmenter

        Segmenter().warm()
        Dictionary().warm()
        return cache_dir()


@pytest.fixture
def warm_caches(session_caches: Path, isolated_dirs: Path) -> None:
    """Copies the session's caches into this test's (otherwise empty) data dir, so that each
    test does not rebuild them; the caches are keyed by their data files, not their place."""
    from reader.paths import cache_dir

    shutil.copytree(session_caches, cache_dir(), dirs_exist_ok=True)


def install(archive: Path) -> None:
    """Installs an archive through the command line, as a user would."""
    from reader.cli.main import main

    assert main(["models", "install", "--file", str(archive)]) == 0


@pytest.fixture
def installed_model(
    tiny_archive: Path, warm_caches: None, capsys: pytest.CaptureFixture[str]
) -> Iterator[Path]:
    """The tiny model installed into this test's data dir (via ``reader models install``)."""
    install(tiny_archive)
    capsys.readouterr()
    from reader.translation.packages import packages_dir

    yield packages_dir() / "translate-zh_en-1_0"


@pytest.fixture
def article_file(tmp_path: Path, warm_caches: None) -> Path:
    """A small article whose words the tiny model knows (and one sentence it does not)."""
    path = tmp_path / "physics.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path
