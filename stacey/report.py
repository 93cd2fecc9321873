"""``stacey report``: a parameterised notebook run on the user's data, exported as one HTML file.

The report is the notebook ``stacey/templates/report.ipynb`` executed with
papermill on a turn table, then exported by nbconvert without code cells, with
its figures embedded and through a template (``templates/nbconvert/stacey_report``)
that loads no script from a CDN, so the HTML file stands alone and opens offline.
"""

from __future__ import annotations

import json
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import StaceyError
from .provenance import provenance

__all__ = ["report", "load_turns", "TEMPLATE"]

TEMPLATE = "report.ipynb"


def load_turns(path: str | Path, *, format: str | None = None, **options: Any) -> pd.DataFrame:
    """A turn table from any readable log, or from a turn table written by ``stacey read``."""
    from .io.registry import read

    res = read(path, format=format, with_rejects=True, **options)
    return res.turns


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
        done = {"pseudonymised": done["pseudonymised"] or privacy.get("pseudonymised", False),
                "redacted": sorted(set(done["redacted"]) | set(privacy.get("redacted", [])))}
    params = {"title": title or name, "random_state": random_state,
              "pseudonymised": bool(done["pseudonymised"]), "redacted": list(done["redacted"])}
    prov = provenance(sources, params)
    with tempfile.TemporaryDirectory(prefix="stacey-report-") as tmp:
        table = write_table(turns, Path(tmp) / "turns.parquet")
        executed = Path(tmp) / "report.ipynb"
        with resources.as_file(resources.files("stacey.templates") / TEMPLATE) as template:
            try:
                pm.execute_notebook(
                    str(template), str(executed), cwd=tmp, kernel_name="python3", progress_bar=False,
                    request_save_on_cell_execute=False, execution_timeout=timeout,
                    parameters={"turns_path": str(table), "title": params["title"],
                                "random_state": random_state, "provenance_json": json.dumps(prov)},
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
