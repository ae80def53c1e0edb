"""Provides ``reader translate`` (batch translation and the consistency report) and
``reader models`` (list, install, remove the zh→en model).

Ctrl+C during ``reader translate`` stops after the batch in progress: everything finished is
already stored, and running the same command again resumes. A second Ctrl+C stops at once (the
finished batches are still kept).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from reader.cli.output import emit_json, table
from reader.cli.progress import ProgressBar, duration
from reader.errors import ReaderError
from reader.model import Article
from reader.workspace import Workspace

if TYPE_CHECKING:
    from reader.translation.argos import ArgosTranslator
    from reader.translation.llm.engine import LlmSession
    from reader.translation.runner import Summary


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Adds ``translate`` and ``models`` to the parser."""
    p = sub.add_parser(
        "translate",
        parents=[common],
        help="translate articles (argos, a local LLM) or gloss them; --report checks terms",
    )
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="articles to translate")
    p.add_argument("--all", action="store_true", help="every article in the corpus")
    p.add_argument(
        "--engine",
        choices=("argos", "llm", "gloss"),
        default="argos",
        help="argos: the installed model (default); llm: an OpenAI-compatible server you run; "
        "gloss: word-by-word dictionary glosses",
    )
    p.add_argument(
        "--llm-url",
        metavar="BASE_URL",
        help="llm: the server's base URL, e.g. http://127.0.0.1:8080/v1 (READER_LLM_URL)",
    )
    p.add_argument("--llm-model", metavar="NAME", help="llm: the model to ask (READER_LLM_MODEL)")
    p.add_argument("--in-flight", type=int, metavar="N", help="llm: requests at once (default 2)")
    p.add_argument(
        "--report", action="store_true", help="report glossary consistency instead of translating"
    )
    p.add_argument("--json", action="store_true", help="with --report: print JSON")
    p.add_argument("--beam-size", type=int, metavar="N", help="beam width (default 4)")
    p.add_argument("--threads", type=int, metavar="N", help="threads per batch (default: auto)")
    p.add_argument("--inter-threads", type=int, metavar="N", help="batches run in parallel")
    p.add_argument(
        "--batch-size", type=int, metavar="N", help="sentences per model call or llm request"
    )
    p.add_argument("--device", choices=("cpu", "cuda", "auto"), help="where the model runs")
    p.add_argument("--model", metavar="NAME", help="installed model to use (default: newest)")
    p.add_argument(
        "--enforce-terms",
        action="store_true",
        help="protect glossary terms before translation and repair them after",
    )
    p.add_argument(
        "--include-curated",
        action="store_true",
        help="also translate sentences that have curated English",
    )
    p.set_defaults(func=cmd_translate)

    models = sub.add_parser("models", parents=[common], help="list, install or remove models")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    lp = msub.add_parser("list", help="installed models (and those in the downloaded index)")
    lp.add_argument("--json", action="store_true", help="print JSON")
    lp.set_defaults(func=cmd_models_list)
    ip = msub.add_parser(
        "install", help="download and install the zh→en model, or install an archive"
    )
    ip.add_argument("--file", type=Path, metavar="PATH", help="an .argosmodel file (offline)")
    ip.add_argument("--force", action="store_true", help="replace an installed model")
    ip.set_defaults(func=cmd_models_install)
    rp = msub.add_parser("remove", help="delete an installed model")
    rp.add_argument("name", metavar="NAME")
    rp.set_defaults(func=cmd_models_remove)


def _articles(ws: Workspace, args: argparse.Namespace) -> list[Article]:
    if args.all and args.slugs:
        raise ReaderError("Give article slugs or --all, not both.")
    if args.all or (args.report and not args.slugs):
        return ws.corpus.articles()
    if not args.slugs:
        raise ReaderError("Name the articles to translate (reader translate SLUG …) or use --all.")
    return [ws.corpus.load(slug) for slug in args.slugs]


@contextmanager
def _stop_on_sigint(stop: threading.Event) -> Iterator[None]:
    """The first Ctrl+C asks for a stop after the current batch; the second interrupts."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        sys.stderr.write(
            "\nreader: stopping after the current batch (press Ctrl+C again to stop now)\n"
        )

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _resume_hint(args: argparse.Namespace, slugs: list[str]) -> str:
    words = ["reader", "translate", *(["--all"] if args.all else slugs)]
    if args.engine != "argos":
        words += ["--engine", args.engine]
    for flag in ("llm_url", "llm_model"):
        if getattr(args, flag, None):
            words += ["--" + flag.replace("_", "-"), getattr(args, flag)]
    if args.enforce_terms:
        words.append("--enforce-terms")
    if args.include_curated:
        words.append("--include-curated")
    return " ".join(words)


def cmd_translate(args: argparse.Namespace) -> int:
    """``reader translate``: translate (or gloss) articles, or report consistency."""
    ws = Workspace(args.corpus)
    articles = _articles(ws, args)
    if args.report:
        return _report(ws, articles, as_json=args.json)
    return _run(ws, articles, args)


def translate_imported(ws: Workspace, slugs: list[str]) -> int:
    """``reader import --translate``: the new article(s) (a book's chapters), with the engine
    chosen in the reader's settings (argos unless changed; llm with the settings' or the
    environment's server)."""
    from reader.state import StateStore

    engine = StateStore().settings.engine
    args = argparse.Namespace(
        **{name: None for name in _TUNING},
        slugs=list(slugs),
        all=False,
        engine=engine,
        enforce_terms=False,
        include_curated=False,
    )
    return _run(ws, [ws.corpus.load(slug) for slug in slugs], args)


# flags of `reader translate` that an import's translation leaves at their defaults
_TUNING = (
    "llm_url", "llm_model", "in_flight", "batch_size", "beam_size", "threads", "inter_threads",
    "device", "model",
)  # fmt: skip


def _run(ws: Workspace, articles: list[Article], args: argparse.Namespace) -> int:
    """Sets up the engine once, then translates the articles in turn."""
    from reader.translation.argos import ArgosConfig
    from reader.translation.runner import NO_MODEL, translator_for

    translator = None
    llm = open_llm(args) if args.engine == "llm" else None
    if args.engine == "argos":
        from reader.translation.packages import active_model

        model = active_model(args.model)
        if model is None:
            raise ReaderError(NO_MODEL)
        config = ArgosConfig().replace(
            beam_size=args.beam_size,
            intra_threads=args.threads,
            inter_threads=args.inter_threads,
            batch_size=args.batch_size,
            device=args.device,
        )
        translator = translator_for(model, config)
    code = _translate_all(ws, articles, args, translator, llm)
    # Only after a complete run: on an error or a second Ctrl+C a request may still be under
    # way in its (daemon) thread, holding a connection that close() would wait for; the
    # process is ending anyway.
    if llm is not None and code == 0:
        llm.close()
    return code


def open_llm(args: argparse.Namespace) -> LlmSession:
    """The llm session from --llm-url/--llm-model, the environment or the reader's settings;
    the server is asked for its models once here, so a wrong URL or model fails at once."""
    from reader.state import StateStore
    from reader.translation.llm.config import LlmConfig, resolve
    from reader.translation.llm.engine import LlmSession

    settings = StateStore().settings
    config = resolve(
        args.llm_url,
        args.llm_model,
        settings_url=settings.llm_url,
        settings_model=settings.llm_model,
    )
    assert config is not None
    defaults = LlmConfig(config.url)
    config = replace(
        config,
        batch_sentences=args.batch_size or defaults.batch_sentences,
        in_flight=args.in_flight or defaults.in_flight,
    ).validate()
    return LlmSession.open(config)


def _translate_all(
    ws: Workspace,
    articles: list[Article],
    args: argparse.Namespace,
    translator: ArgosTranslator | None,
    llm: LlmSession | None,
) -> int:
    from reader.translation.runner import translate_article

    stop = threading.Event()
    done_slugs: list[str] = []
    for note in ws.translations.notices:
        print(f"reader: {note}", file=sys.stderr)
    with _stop_on_sigint(stop):
        for article in articles:
            bar = ProgressBar(article.slug)
            try:
                summary = translate_article(
                    ws,
                    article,
                    args.engine,
                    progress=bar.update,
                    cancelled=stop.is_set,
                    config=translator.config if translator else None,
                    enforce_terms=args.enforce_terms,
                    include_curated=args.include_curated,
                    translator=translator,
                    llm=llm,
                )
            except KeyboardInterrupt:
                bar.close()
                print(
                    f"reader: interrupted; finished batches are saved. Resume with: "
                    f"{_resume_hint(args, [a.slug for a in articles if a.slug not in done_slugs])}",
                    file=sys.stderr,
                )
                return 130
            finally:
                for note in ws.translations.notices:
                    print(f"reader: {note}", file=sys.stderr)
                ws.translations.notices.clear()
            bar.close()
            print(summary_line(summary))
            if summary.cancelled:
                left = [a.slug for a in articles if a.slug not in done_slugs]
                print(
                    f"reader: stopped; {summary.cached + summary.translated} of {summary.total} "
                    f"sentences of {article.slug} are done and saved. Resume with: "
                    f"{_resume_hint(args, left)}",
                    file=sys.stderr,
                )
                return 130
            done_slugs.append(article.slug)
    return 0


def summary_line(s: Summary) -> str:
    """One line on what a run did: counts, engine and model, time."""
    gloss = s.engine == "gloss"
    verb = "glossed" if gloss else "translated"
    took = f" in {duration(s.seconds)}"
    if not s.translated and not s.refused and s.cached == s.total:
        what = "have stored glosses" if gloss else f"translated with {s.model}"
        return f"{s.slug}: all {s.total} sentences already {what}; nothing to do" + (
            f" ({s.skipped_curated} with curated English skipped)" if s.skipped_curated else ""
        )
    parts = [f"{s.slug}: {s.total} sentences"]
    if s.cached:
        parts.append(f"{s.cached} already done")
    parts.append(f"{s.translated} {verb}")
    if s.flagged:
        parts.append(f"{s.flagged} left untranslated by the model (shown as glosses)")
    if s.repaired:
        parts.append(f"{s.repaired} whose inline code or math the model lost (put back at the end)")
    if s.refused:
        parts.append(
            f"{s.refused} without English (the model's answers failed the checks; "
            "run again to ask again)"
        )
    if s.skipped_curated:
        parts.append(f"{s.skipped_curated} with curated English skipped")
    model = ""
    if s.engine == "argos":
        model = f" with {s.model}"
    elif s.engine == "llm":
        model = f" with {s.model} ({s.requests} requests)"
    return ", ".join(parts) + model + took


def _report(ws: Workspace, articles: list[Article], *, as_json: bool) -> int:
    from reader.translation.report import article_reports

    reports = [r for a in articles for r in article_reports(ws, a)]
    if as_json:
        emit_json([r.to_json() for r in reports])
        return 0
    if not reports:
        print("No English to check yet: run 'reader translate SLUG' first.")
        return 0
    rows = []
    for r in reports:
        rate = "–" if r.rate is None else f"{100 * r.rate:.0f}%"
        worst = ", ".join(f"{t} {m}/{u}" for t, m, u in r.worst()) or "–"
        rows.append((r.slug, r.engine, str(r.translated), str(r.with_terms), rate, worst))
    print(
        table(
            ("ARTICLE", "ENGINE", "SENT.", "W/TERMS", "CONSIST.", "WORST TERMS (missed/uses)"),
            rows,
            (22, 11, 5, 7, 8, 60),
        )
    )
    return 0


def cmd_models_list(args: argparse.Namespace) -> int:
    """``reader models list``: installed models, and zh→en models in the downloaded index."""
    from reader.translation.packages import active_model, available_models, installed_models

    installed = installed_models()
    active = active_model() if any(m.usable for m in installed) else None
    available = available_models()
    if args.json:
        emit_json(
            {
                "installed": [
                    {
                        "name": m.name,
                        "version": m.version,
                        "from": m.from_code,
                        "to": m.to_code,
                        "path": str(m.path),
                        "active": active is not None and m.name == active.name,
                        "problem": m.problem,
                    }
                    for m in installed
                ],
                "available": [{"name": m.name, "version": m.version} for m in available],
            }
        )
        return 0
    if not installed:
        print(
            "No model installed. Download the Chinese→English model with 'reader models install' "
            "or install an archive with 'reader models install --file PATH'."
        )
    else:
        rows = [
            (
                ("* " if active is not None and m.name == active.name else "  ") + m.name,
                m.version,
                f"{m.from_code or '?'}→{m.to_code or '?'}",
                f"{m.size_bytes() / 1024**2:.1f} MB",
                "ok" if m.usable else f"unusable: {m.problem}",
            )
            for m in installed
        ]
        print(table(("NAME", "VERSION", "PAIR", "SIZE", "STATUS"), rows, (30, 8, 6, 10, 50)))
    names = {m.name for m in installed}
    listed = [m for m in available if m.name not in names]
    if listed:
        print("\nAvailable in the downloaded index: " + ", ".join(m.name for m in listed))
    return 0


def cmd_models_install(args: argparse.Namespace) -> int:
    """``reader models install``: from a file (offline) or from the package index (online)."""
    from reader.translation import packages

    if args.file is not None:
        model = packages.install_file(args.file, replace=args.force)
    else:
        bar = ProgressBar("downloading", unit="MB", scale=1024**2)
        try:
            model, notices = packages.install_from_index(bar.update, replace=args.force)
        finally:
            bar.close()
        for note in notices:
            print(f"reader: {note}", file=sys.stderr)
    print(f"Installed {model.name} (version {model.version}) in {model.path}")
    return 0


def cmd_models_remove(args: argparse.Namespace) -> int:
    """``reader models remove NAME``: delete an installed model."""
    from reader.translation.packages import remove_model

    model = remove_model(args.name)
    print(f"Removed {model.name}")
    return 0
