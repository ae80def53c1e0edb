"""Provides the argos engine: our sentences, in batches, through a package's CTranslate2 model.

argostranslate's ``translate()`` re-splits text with stanza or MiniSBD and returns one joined
string per paragraph. Here each source sentence is tokenized with the package's SentencePiece
tokenizer and the batch goes to ``ctranslate2.Translator.translate_batch`` directly, so one
sentence in gives exactly one translation out. Every hypothesis passes the guards of
:mod:`reader.translation.guards`; n-best alternatives come from the same beam.

ctranslate2 and sentencepiece are imported when a model is first used, never at start-up.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from reader.errors import ReaderError
from reader.translation import guards
from reader.translation.atoms import ATOM, Masked, Span, mask, restore
from reader.translation.packages import InstalledModel, argos_settings

if TYPE_CHECKING:
    from reader.translation.terms import Enforcer

DEVICES = ("cpu", "cuda", "auto")
_POSITION_LIMIT = re.compile(r"positions >= (\d+)")
RETRY_HYPOTHESES = 4  # the beam of a second try for a sentence whose placeholders came back wrong


@dataclass(frozen=True)
class ArgosConfig:
    """How the argos engine decodes. Output does not depend on threads or batch size."""

    beam_size: int = 4  # argostranslate's default
    inter_threads: int = 1  # parallel batches; one batch at a time is enough for a reader
    intra_threads: int = 0  # threads per batch; 0: one per CPU, at most 4 (CTranslate2's own
    # default of 4 oversubscribes small machines and made a 2-CPU test machine 20× slower)
    device: str = "cpu"
    compute_type: str = "default"  # the type the model was saved in (int8 for argos models)
    batch_size: int = 32  # sentences per call: large enough to fill the CPU, small enough to
    # report progress and stop promptly on Ctrl+C
    max_input_tokens: int = 256  # longer sentences are truncated (argos models train on < 256)
    length_penalty: float = 0.2  # argostranslate's value
    repetition_penalty: float = 1.0  # > 1 would also penalise "the", "of", "and"
    no_repeat_ngram_size: int = 4  # no 4-word phrase twice: stops loops, keeps "bye bye"
    max_output_ratio: float = 3.0  # output tokens per input token before decoding stops
    extra_output_tokens: int = 10

    def validate(self) -> ArgosConfig:
        """Returns the config, or raises ReaderError naming the bad setting."""
        if self.beam_size < 1 or self.beam_size > 16:
            raise ReaderError(f"Beam size must be between 1 and 16, not {self.beam_size}.")
        if self.inter_threads < 1 or self.intra_threads < 0:
            raise ReaderError("Thread counts must be positive (0 threads per batch means auto).")
        if self.device not in DEVICES:
            raise ReaderError(f"Device must be one of {', '.join(DEVICES)}, not '{self.device}'.")
        if self.batch_size < 1:
            raise ReaderError(f"Batch size must be at least 1, not {self.batch_size}.")
        return self

    def replace(self, **changes: Any) -> ArgosConfig:
        """A copy with the given fields changed (None values are ignored)."""
        known = {f.name for f in fields(self)}
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update({k: v for k, v in changes.items() if k in known and v is not None})
        return ArgosConfig(**values).validate()


@dataclass(frozen=True)
class Output:
    """The translation of one sentence: text, guard flags and distinct alternatives."""

    text: str
    flags: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        """False for output that is empty or untranslated."""
        return guards.usable(self.flags)


@dataclass(frozen=True)
class Hypothesis:
    """One raw decoder hypothesis: target pieces, their text, and attention over the source."""

    pieces: list[str]
    text: str
    attention: list[list[float]] | None = None


@dataclass
class _Loaded:
    translator: Any
    tokenizer: Any
    target_prefix: str = ""
    pieces_with_offsets: Any = field(default=None)


class ArgosTranslator:
    """Translates sentences with one installed package; the model loads on first use."""

    def __init__(self, model: InstalledModel, config: ArgosConfig | None = None) -> None:
        self.model = model
        self.config = (config or ArgosConfig()).validate()
        self.calls = 0  # translate_batch calls: tests assert that cached articles cost none
        self._loaded: _Loaded | None = None
        self._position_limit: int | None = None

    @property
    def name(self) -> str:
        """The package name, as stored with each translation."""
        return self.model.name

    def _load(self) -> _Loaded:
        if self._loaded is not None:
            return self._loaded
        argos_settings()
        try:
            import ctranslate2
            from argostranslate.package import Package
        except ImportError as exc:  # pragma: no cover - both are dependencies
            raise ReaderError(
                f"The argos engine needs {exc.name}, which is not installed."
            ) from None
        try:
            package = Package(self.model.path)
        except (OSError, ValueError, KeyError) as exc:
            raise ReaderError(f"Cannot read model {self.model.name}: {exc}.") from None
        tokenizer = getattr(package, "tokenizer", None)
        if tokenizer is None:
            raise ReaderError(f"Model {self.model.name} has no tokenizer.")
        c = self.config
        try:
            translator = ctranslate2.Translator(
                str(self.model.model_dir),
                device=c.device,
                compute_type=c.compute_type,
                inter_threads=c.inter_threads,
                intra_threads=c.intra_threads or min(4, os.cpu_count() or 1),
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ReaderError(
                f"Cannot load model {self.model.name} on {c.device}: {str(exc).splitlines()[0]}"
            ) from None
        self._loaded = _Loaded(translator, tokenizer, str(getattr(package, "target_prefix", "")))
        return self._loaded

    def _processor(self) -> Any:
        """The SentencePiece processor behind the package's tokenizer (None for BPE packages)."""
        lazy = getattr(self._load().tokenizer, "lazy_processor", None)
        return lazy() if lazy is not None else None

    def tokenize(self, text: str) -> list[str]:
        """The package tokenizer's pieces for ``text``, truncated to the input limit."""
        pieces: list[str] = self._load().tokenizer.encode(text)
        return pieces[: self.config.max_input_tokens]

    def pieces_with_offsets(self, text: str) -> list[tuple[str, int, int]]:
        """Pieces with the character span of ``text`` each covers (for term alignment)."""
        processor = self._processor()
        if processor is None:
            return [(p, 0, 0) for p in self.tokenize(text)]
        try:
            proto = processor.encode(text, return_type="proto")
        except (TypeError, ValueError):  # sentencepiece < 0.2.1
            proto = processor.encode(text, out_type="immutable_proto")
        data = text.encode("utf-8")
        out = []
        for piece in proto.pieces[: self.config.max_input_tokens]:
            start = len(data[: piece.begin].decode("utf-8", errors="ignore"))
            end = len(data[: piece.end].decode("utf-8", errors="ignore"))
            out.append((piece.piece, start, end))
        return out

    def detokenize(self, pieces: list[str]) -> str:
        """Text of target pieces, without the package's target prefix."""
        loaded = self._load()
        if loaded.target_prefix and pieces[:1] == [loaded.target_prefix]:
            pieces = pieces[1:]
        processor = self._processor()
        # argostranslate's decode() also turns "_" into spaces, which breaks snake_case names.
        text = processor.decode_pieces(pieces) if processor else loaded.tokenizer.decode(pieces)
        return " ".join(str(text).replace("▁", " ").split())

    def decode(
        self,
        batch: Sequence[list[str]],
        *,
        num_hypotheses: int = 1,
        attention: bool = False,
    ) -> list[list[Hypothesis]]:
        """One CTranslate2 call for a batch of tokenized sentences; hypotheses best first."""
        loaded = self._load()
        c = self.config
        if not batch:
            return []
        longest = max((len(pieces) for pieces in batch), default=1)
        prefix = [[loaded.target_prefix]] * len(batch) if loaded.target_prefix else None
        input_limit = c.max_input_tokens
        output_limit = int(longest * c.max_output_ratio) + c.extra_output_tokens
        if self._position_limit is not None:
            # Leave room for the end token the model may add to the source.
            input_limit = min(input_limit, self._position_limit - 2)
            output_limit = min(output_limit, self._position_limit - 1)
        self.calls += 1
        try:
            results = loaded.translator.translate_batch(
                [list(pieces) or ["</s>"] for pieces in batch],
                target_prefix=prefix,
                max_batch_size=c.batch_size,
                beam_size=max(c.beam_size, num_hypotheses),
                num_hypotheses=num_hypotheses,
                length_penalty=c.length_penalty,
                repetition_penalty=c.repetition_penalty,
                no_repeat_ngram_size=c.no_repeat_ngram_size,
                max_input_length=input_limit,
                max_decoding_length=output_limit,
                replace_unknowns=True,
                return_attention=attention,
            )
        except (RuntimeError, ValueError) as exc:
            # A model with a learned position table (not argos's sinusoidal ones) refuses
            # longer input; learn its limit from the message and truncate from then on.
            limit = _POSITION_LIMIT.search(str(exc))
            if limit is not None and self._position_limit is None:
                self._position_limit = int(limit.group(1))
                return self.decode(batch, num_hypotheses=num_hypotheses, attention=attention)
            raise ReaderError(
                f"Model {self.model.name} failed to translate: {str(exc).splitlines()[0]}"
            ) from None
        out = []
        for result in results:
            hyps = []
            for i, pieces in enumerate(result.hypotheses):
                weights = result.attention[i] if attention and result.attention else None
                hyps.append(Hypothesis(list(pieces), self.detokenize(list(pieces)), weights))
            out.append(hyps)
        return out

    def translate(
        self,
        sentences: Sequence[str],
        *,
        atoms: Sequence[Sequence[Span]] | None = None,
        num_hypotheses: int = 1,
        enforcer: Enforcer | None = None,
    ) -> list[Output]:
        """Translations of ``sentences`` in one call, in order; one output per sentence.

        ``atoms[i]`` are the spans of sentence i's inline code and math: the model sees a
        placeholder for each and the English gets the exact source text back (see
        :mod:`reader.translation.atoms`); a sentence that is nothing but atoms and punctuation
        is its own English. With an ``enforcer``, glossary terms are protected before decoding
        and repaired after (see :mod:`reader.translation.terms`).
        """
        if not sentences:
            return []
        spans = atoms if atoms is not None else [()] * len(sentences)
        masked = [mask(s, a) for s, a in zip(sentences, spans, strict=True)]
        todo = [i for i, m in enumerate(masked) if not m.trivial]
        outputs = [Output(m.original) for m in masked]
        sources = [masked[i].text for i in todo]
        prepared = [enforcer.prepare(s) for s in sources] if enforcer is not None else []
        texts = [p.text for p in prepared] if enforcer is not None else sources
        batch = [self.tokenize(t) for t in texts]
        decoded = self.decode(batch, num_hypotheses=num_hypotheses, attention=enforcer is not None)
        retry: list[int] = []
        for n, (index, hyps) in enumerate(zip(todo, decoded, strict=True)):
            if enforcer is not None:
                pieces = self.pieces_with_offsets(prepared[n].text)
                found = [enforcer.repair(prepared[n], h, pieces, self) for h in hyps]
            else:
                found = [h.text for h in hyps]
            outputs[index] = self._output(masked[index], found)
            if ATOM in outputs[index].flags and num_hypotheses < RETRY_HYPOTHESES:
                retry.append(index)
        if retry:
            # A placeholder lost or doubled: the wider beam often holds a hypothesis that kept
            # them all; only when none does is the best one repaired (and flagged).
            again = self.translate(
                [sentences[i] for i in retry],
                atoms=[spans[i] for i in retry],
                num_hypotheses=RETRY_HYPOTHESES,
                enforcer=enforcer,
            )
            for index, output in zip(retry, again, strict=True):
                if ATOM not in output.flags:
                    outputs[index] = output
        return outputs

    @staticmethod
    def _output(masked: Masked, texts: list[str]) -> Output:
        """One sentence's output from its hypotheses (best first): guarded on the masked text,
        the atoms restored; the first hypothesis that kept every placeholder is preferred."""
        found = []
        for text in texts:
            cleaned, flags = guards.check(masked.text, text)
            restored = restore(masked, cleaned)
            found.append((restored.text, flags + restored.flags))
        clean = [f for f in found if guards.usable(f[1]) and ATOM not in f[1]]
        best_text, best_flags = clean[0] if clean and ATOM in found[0][1] else found[0]
        alternatives: list[str] = []
        for text, flags in found:
            if text != best_text and text not in alternatives and (text, flags) in clean:
                alternatives.append(text)
        return Output(best_text, best_flags, tuple(alternatives))

    def alternatives(self, sentence: str, n: int = 4, atoms: Sequence[Span] = ()) -> list[str]:
        """Up to ``n`` distinct usable translations of one sentence, best first."""
        output = self.translate([sentence], atoms=[atoms], num_hypotheses=max(n, 2))[0]
        found = [output.text] if output.usable else []
        return (found + list(output.alternatives))[:n]
