"""Machine translation commands: translate, models list|install|remove."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from glossary.cli.base import GlossaryOption, JsonOption, app, echo_json, resolve
from glossary.cli.output import safe, safe_block
from glossary.errors import UsageError

models_app = typer.Typer(
    name="models",
    help="Manage offline translation models (Argos Translate packages).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(models_app, name="models")


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"


@app.command()
def translate(
    text: list[str] = typer.Argument(..., help="Text to translate, or - to read it from stdin."),
    source: str | None = typer.Option(
        None, "--from", help="Source language: zh or en (default: zh if the text holds Chinese)."
    ),
    target: str | None = typer.Option(
        None, "--to", help="Target language: en, zh or zt (traditional) (default: the other one)."
    ),
    explain: bool = typer.Option(False, "--explain", help="List the glossary terms enforced (on stderr)."),
    all_terms: bool = typer.Option(
        False, "--all-terms", help="Also enforce single common English words (like, note, follow)."
    ),
    skip: list[str] | None = typer.Option(None, "--skip", help="Do not enforce this concept id; repeatable."),
    no_glossary: bool = typer.Option(False, "--no-glossary", help="Plain machine translation, no terms enforced."),
    as_json: bool = JsonOption,
    glossary: Path | None = GlossaryOption,
) -> None:
    """Translate offline with an installed model; glossary terms come out as the glossary's rendering.

    Examples: glossary translate 我在小红书上看到了TikTok难民 · echo "RedNote is fun" | glossary translate - --explain
    """
    from glossary.enrich import packages as models
    from glossary.enrich.translate import LANGUAGES, check_ready, detect_source
    from glossary.enrich.translate import translate as run
    from glossary.terms import store
    from glossary.text.normalize import clean_text

    models.require_extra()  # before reading anything
    joined = " ".join(text)
    content = clean_text(sys.stdin.read() if joined == "-" else joined)  # untrusted: made inert
    if not content.strip():
        raise UsageError("nothing to translate: the text is empty")
    source = source or detect_source(content)
    target = target or ("en" if source != "en" else "zh")
    for code in (source, target):
        if code not in LANGUAGES:
            raise UsageError(f"unsupported language {code!r} (expected one of: {', '.join(LANGUAGES)})")
    if source != target:  # the same language twice is refused by translate() itself
        check_ready(source, target)
    concepts = [] if no_glossary else store.load(resolve(glossary)).concepts
    result = run(content, source, target, concepts, all_terms=all_terms, skip=skip or [])
    if as_json:
        echo_json(result.to_json())
        return
    typer.echo(safe_block(result.text))
    if explain:
        enforced = result.enforced
        typer.echo(f"enforced {len(enforced)} glossary term{'s' if len(enforced) != 1 else ''}:", err=True)
        for h in enforced:
            typer.echo(f"  {safe(h.text)} → {safe(h.term.rendering)}  ({safe(h.term.concept)})", err=True)
        for t, why in result.skipped:
            typer.echo(
                f"  not enforced: {safe(t.form)} → {safe(t.rendering)}  ({safe(t.concept)}; {why}; --all-terms enforces it)",
                err=True,
            )
        methods = [s.method for s in result.sentences]
        typer.echo(
            f"{len(methods)} sentence{'s' if len(methods) != 1 else ''}: "
            + ", ".join(f"{methods.count(m)} {m}" for m in ("plain", "inline", "spans") if methods.count(m)),
            err=True,
        )


@models_app.command("list")
def models_list(
    available: bool = typer.Option(False, "--available", help="List what the Argos index offers (needs network)."),
    as_json: bool = JsonOption,
) -> None:
    """List installed translation models (or, with --available, the Argos index's Chinese ones)."""
    from glossary.enrich import packages as models

    if available:
        offers = [
            o
            for o in models.available()
            if "zh" in (o["from_code"], o["to_code"]) or "zt" in (o["from_code"], o["to_code"])
        ]
        if as_json:
            echo_json(offers)
            return
        for o in offers:
            typer.echo(
                safe(f"{o['name']}  {o.get('from_name', '')} → {o.get('to_name', '')}  {o.get('package_version', '')}")
            )
        return
    found = models.installed()
    if as_json:
        echo_json([m.to_json() for m in found])
        return
    if not found:
        typer.echo(
            f"no models installed in {models.models_dir()}; install one with: "
            "glossary models install PATH.argosmodel (or: glossary models install translate-zh_en)",
            err=True,
        )
        return
    for m in found:
        typer.echo(
            safe(
                f"{m.name}  {m.from_name or m.from_code} → {m.to_name or m.to_code}  v{m.version}  {_size(m.size)}  {m.path}"
            )
        )


@models_app.command("install")
def models_install(
    source: str = typer.Argument(
        ..., metavar="PATH|NAME", help="A .argosmodel file, or a package name such as translate-zh_en (downloads it)."
    ),
) -> None:
    """Install a model from a local .argosmodel file, or by name from the Argos index (network)."""
    from glossary.enrich import packages as models

    path = Path(source)
    if path.exists() or source.endswith(".argosmodel") or "/" in source:
        model, replaced = models.install_file(path)
    else:
        typer.echo(f"downloading {models.normalise_name(source)} from the Argos index …", err=True)
        model, replaced = models.install_name(source)
    verb = "replaced" if replaced else "installed"
    typer.echo(safe(f"{verb} {model.name} ({model.from_code} → {model.to_code}, v{model.version}) in {model.path}"))


@models_app.command("remove")
def models_remove(
    name: str = typer.Argument(..., metavar="NAME", help="Installed package name, e.g. translate-zh_en."),
) -> None:
    """Remove an installed model."""
    from glossary.enrich import packages as models

    model = models.remove(name)
    typer.echo(f"removed {model.name}")
