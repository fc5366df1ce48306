"""The ``newsift`` command: thin commands over the library; results to stdout, logs to stderr."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from .errors import NewsiftError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read news the way a careful fact-checker does: who said what, on whose word, where and when.",
)

SAMPLE = Path(__file__).parent / "data" / "sample" / "sample_article.txt"
EXT_FORMATS = {".json": "json", ".jsonl": "jsonl", ".html": "html", ".htm": "html", ".md": "md", ".txt": "text"}


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(2)


def _expand(inputs: list[str]) -> list[str]:
    """Directories become the files inside them (sorted, recursive); the rest stay as given."""
    out: list[str] = []
    for arg in inputs:
        path = Path(arg)
        if arg not in ("-",) and not arg.startswith(("http://", "https://")) and path.is_dir():
            out.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file() and not p.name.startswith("."))
        else:
            out.append(arg)
    return out


def _items(inputs: list[str], **common):
    from .read import Item

    for arg in inputs:
        if arg == "-":
            yield Item(stdin=True, **common)
        elif arg.startswith(("http://", "https://")):
            yield Item(url=arg, **{k: v for k, v in common.items() if k != "url"})
        else:
            yield Item(path=Path(arg), **common)


def _choose_format(fmt: str | None, out: Path | None) -> str:
    from .render import FORMATS

    if fmt is not None:
        if fmt not in FORMATS:
            raise _usage_error(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}.")
        return fmt
    if out is not None:
        return EXT_FORMATS.get(out.suffix.lower(), "jsonl")
    return "text" if sys.stdout.isatty() else "jsonl"


@app.command()
def analyze(
    inputs: Annotated[list[str] | None, typer.Argument(help="Files, directories, URLs, or - for stdin. None: the bundled sample.")] = None,
    raw: Annotated[bool, typer.Option("--raw", help="Analyse the text exactly as given: offsets index the input file.")] = False,
    published: Annotated[str | None, typer.Option(help="YYYY-MM-DD for relative dates if the input's metadata has none.")] = None,
    url: Annotated[str | None, typer.Option(help="The address a saved file came from (outlet, domain).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="json|jsonl|text|html|md (default: text on a terminal, else jsonl).")] = None,
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
    workers: Annotated[int, typer.Option("-j", "--workers", min=1, help="Worker processes.")] = 1,
    input_format: Annotated[str | None, typer.Option(help="text|html: override detection by file name.")] = None,
    allow_private: Annotated[
        bool,
        typer.Option(help="Allow URLs on private, loopback or link-local addresses (off: a page could otherwise reach internal services)."),
    ] = False,
    ratings: Annotated[
        Path | None,
        typer.Option(help="CSV of domain,rating[,source] adding to or overriding the shipped outlet ratings."),
    ] = None,
) -> None:
    """Analyse articles into analysis records (CONTRACT.md)."""
    from .pipeline import analyze_many
    from .read.document import check_date
    from .render import render_many

    if input_format not in (None, "text", "html"):
        raise _usage_error(f"--input-format must be text or html, not {input_format!r}.")
    try:
        check_date(published)
    except NewsiftError as exc:
        raise _usage_error(exc.message) from exc
    fmt_name = _choose_format(fmt, out)
    if ratings is not None:
        from .source.ratings import use_ratings_file

        try:
            use_ratings_file(ratings)
        except NewsiftError as exc:
            raise _usage_error(exc.message) from exc
    if not inputs:
        inputs = [str(SAMPLE)]  # it carries its own dateline
    paths = _expand(inputs)
    items = list(_items(paths, raw=raw, published=published, url=url, input_format=input_format, allow_private=allow_private))
    records = []
    failed = 0
    with _progress(len(items)) as advance:
        for record in analyze_many(items, n_process=workers):
            records.append(record)
            failed += record.error is not None
            if record.error is not None:
                typer.echo(f"newsift: {record.error.message}", err=True)
            advance()
    text = render_many(records, fmt_name)
    if out is not None:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    raise typer.Exit(1 if failed else 0)


class _progress:
    """A progress bar on stderr for long runs on a terminal; silent otherwise."""

    MIN_ITEMS = 5  # below this a bar is noise

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar = None

    def __enter__(self):
        if self.total >= self.MIN_ITEMS and sys.stderr.isatty():
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
            task = self.bar.add_task("analysing", total=self.total)
            return lambda: self.bar.advance(task)
        return lambda: None

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command()
def schema() -> None:
    """Print the JSON Schema of the analysis record."""
    from .record import Record

    typer.echo(json.dumps(Record.model_json_schema(by_alias=True), indent=2))


@app.command(name="eval")
def eval_command(
    task: Annotated[str, typer.Argument(help="Which task to score.")],
    data: Annotated[Path, typer.Option(help="The data set (file or folder, as in ../shared/data).")],
    part: Annotated[str, typer.Option(help="all|tune|heldout: which documents (see docs/benchmarks.md).")] = "all",
    fmt: Annotated[str, typer.Option("--format", help="text|json")] = "text",
) -> None:
    """Score newsift on a benchmark with its community's metric."""
    from .eval.tasks import run_task

    if part not in ("all", "tune", "heldout"):
        raise _usage_error(f"--part must be all, tune or heldout, not {part!r}.")
    try:
        metrics = run_task(task, data, part)
    except NewsiftError as exc:
        raise _usage_error(exc.message) from exc
    if fmt == "json":
        typer.echo(json.dumps(metrics))
    else:
        for key, value in metrics.items():
            typer.echo(f"{key:>16}  {value:.4f}" if isinstance(value, float) else f"{key:>16}  {value}")


#: ``newsift train NAME``: what each rebuilds, from which module (``main(argv)``).
TRAINERS = {
    "cleaner": ("newsift.train.scrape", "the plain-text boilerplate line classifier"),
    "techniques": ("newsift.train.techniques", "the propaganda technique tagger"),
    "techniques-encoder": ("newsift.train.techniques_encoder", "the optional encoder tagger for technique spans (needs torch)"),
    "claims": ("newsift.train.claims", "the check-worthiness and subjectivity models"),
    "attributions": ("newsift.train.attributions", "the attribution content model"),
    "gazetteer": ("newsift.train.gazetteer", "the offline GeoNames index"),
    "ratings": ("newsift.train.ratings", "the shipped outlet ratings table"),
    "alias-places": ("newsift.train.alias_places", "the place names used by the entity stage"),
}


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    help="Rebuild a shipped model or table from its public data. NAME is one of: "
    + "; ".join(f"{k} ({v[1]})" for k, v in TRAINERS.items())
    + ". Options after NAME go to its builder (try NAME --help).",
)
def train(ctx: typer.Context, name: Annotated[str, typer.Argument(help="What to rebuild.")]) -> None:
    import importlib

    if name not in TRAINERS:
        raise _usage_error(f"unknown trainer {name!r}; choose one of {', '.join(TRAINERS)}.")
    module = importlib.import_module(TRAINERS[name][0])
    result = module.main(list(ctx.args))
    raise typer.Exit(int(result or 0))


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    app()


if __name__ == "__main__":
    main()
