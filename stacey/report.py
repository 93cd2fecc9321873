"""``stacey report``: a parameterised notebook run on the user's data, exported as one HTML file.

The report is the notebook ``stacey/templates/report.ipynb`` executed with
papermill on a turn table, then exported by nbconvert without code cells, with
its figures embedded and through a template (``templates/nbconvert/stacey_report``)
that loads no script from a CDN, so the HTML file stands alone and opens offline.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import StaceyError
from .provenance import provenance

__all__ = ["report", "load_turns", "say", "table", "TEMPLATE"]

TEMPLATE = "report.ipynb"


def load_turns(path: str | Path, *, format: str | None = None, **options: Any) -> pd.DataFrame:
    """A turn table from any readable log, or from a turn table written by ``stacey read``."""
    from .io.registry import read

    res = read(path, format=format, with_rejects=True, **options)
    return res.turns


@contextlib.contextmanager
def _same_package_in_kernel() -> Iterator[None]:
    """Let the notebook's kernel import this very ``stacey`` (not another install), whatever its working folder.

    The kernel is a new process started in a temporary folder: a relative
    ``PYTHONPATH`` (``PYTHONPATH=.``) would point there, and an installed copy
    of the package could be imported instead of the one running this report.
    """
    root = str(Path(__file__).resolve().parents[1])
    before = os.environ.get("PYTHONPATH")
    parts = [str(Path(p).resolve()) for p in (before or "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join([root, *[p for p in parts if p != root]])
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = before


def say(text: str) -> None:
    """Show Markdown in a notebook's output (the report's sentences)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def table(data: pd.DataFrame, n: int = 15, digits: int = 3) -> None:
    """Show the first ``n`` rows of a table in a notebook's output, without its index, numbers to ``digits``."""
    from IPython.display import display

    display(data.head(n).style.hide(axis="index").format(precision=digits, na_rep=""))


def report(
    data: str | Path | pd.DataFrame,
    output: str | Path,
    *,
    inputs: list[str | Path] | None = None,
    format: str | None = None,
    pseudonymise: bool = False,
    redact: bool = False,
    key: bytes | str | None = None,
    privacy: dict[str, Any] | None = None,
    title: str | None = None,
    codebook: str | Path | None = None,
    n_themes: int | None = None,
    n_perm: int = 200,
    random_state: int = 0,
    timeout: int = 1800,
    options: dict[str, Any] | None = None,
    keep_notebook: str | Path | None = None,
) -> Path:
    """Run the report notebook on a log or turn table and write a self-contained HTML report.

    Parameters
    ----------
    data
        Any file or folder ``stacey.read`` reads (a turn table Parquet file
        included), or a turn table already read.
    inputs
        The files the table came from, for provenance (default: ``data`` when a path).
    output
        The HTML file to write.
    pseudonymise, redact, key
        Privacy steps applied before anything is analysed or written (see
        :func:`stacey.privacy.protect`); the report says what was done.
    privacy
        The record of privacy steps already applied to ``data`` (from ``protect``).
    title
        The report's title (default: the input's name).
    codebook
        A codebook YAML file (``stacey.themes.Codebook``); default: themes found
        by NMF (``stacey.themes.NMFThemes``, *k* chosen by coherence x stability).
    n_themes
        Number of NMF themes (default: chosen); ignored with a codebook.
    n_perm
        Permutations of the uptake and contagion baselines.
    random_state
        Seed of every step that draws random numbers.
    keep_notebook
        Also write the executed notebook here (for inspection).

    Returns
    -------
    The path of the HTML file.
    """
    import papermill as pm
    from nbconvert import HTMLExporter

    from .io.tables import write_table
    from .privacy import protect

    output = Path(output)
    if isinstance(data, pd.DataFrame):
        turns, name = data, "turn table"
        sources = [Path(p) for p in (inputs or [])]
    else:
        turns, name = load_turns(data, format=format, **(options or {})), Path(data).name
        sources = [Path(p) for p in (inputs or [data])]
    if sources:
        name = sources[0].name
    turns, done, _mapping = protect(turns, pseudonymise=pseudonymise, redact=redact, key=key)
    if privacy:
        done = {**privacy, **{k: v for k, v in done.items() if v},
                "pseudonymised": bool(done["pseudonymised"] or privacy.get("pseudonymised", False)),
                "redacted": sorted(set(done["redacted"]) | set(privacy.get("redacted", [])))}
    params = {"title": title or name, "random_state": random_state,
              "themes": f"codebook {Path(codebook).name}" if codebook else f"NMF ({n_themes or 'k chosen'})",
              "n_perm": n_perm, "pseudonymised": bool(done["pseudonymised"]), "redacted": list(done["redacted"])}
    if done.get("pseudonymised") and done.get("key"):
        params["key"] = done["key"]
    prov = provenance(sources, params)
    with tempfile.TemporaryDirectory(prefix="stacey-report-") as tmp:
        table_path = write_table(turns, Path(tmp) / "turns.parquet")
        executed = Path(tmp) / "report.ipynb"
        with resources.as_file(resources.files("stacey.templates") / TEMPLATE) as template:
            try:
                with _same_package_in_kernel():
                    pm.execute_notebook(
                        str(template), str(executed), cwd=tmp, kernel_name="python3", progress_bar=False,
                        request_save_on_cell_execute=False, execution_timeout=timeout,
                        parameters={"turns_path": str(table_path), "title": params["title"],
                                    "random_state": random_state, "provenance_json": json.dumps(prov, default=str),
                                    "codebook": str(Path(codebook).resolve()) if codebook else None,
                                    "n_themes": n_themes, "n_perm": n_perm},
                    )
            except pm.PapermillExecutionError as exc:
                raise StaceyError(f"the report notebook failed on {name}: {exc.ename}: {exc.evalue}") from exc
        with resources.as_file(resources.files("stacey.templates") / "nbconvert") as tpl_dir:
            exporter = HTMLExporter(template_name="stacey_report", extra_template_basedirs=[str(tpl_dir)],
                                    exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                                    embed_images=True)
            body, _ = exporter.from_filename(str(executed))
        if keep_notebook:
            Path(keep_notebook).write_bytes(executed.read_bytes())
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(body, encoding="utf-8")
    return output
