"""Run every dynamics measure on an annotated turn table with its theme weights.

:func:`run_dynamics` is the one call that produces all the result tables of
``stacey.dynamics`` from the three inputs (turns, theme weights, themes), with
documented names (:data:`TABLES`) so they can be written side by side (the
``stacey analyze`` command writes each as Parquet).
"""

from __future__ import annotations

import gc
import importlib
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .dynamics import changepoints as cp
from .dynamics import contagion, emergence, power, prevalence, regimes, uptake
from .dynamics.edges import edges as make_edges

__all__ = ["analyze", "run_dynamics", "write_results", "ResultWriter", "TABLES", "DYNAMICS_COLUMNS"]

#: a sink receives each finished table: ``sink(name, frame)``
Sink = Callable[[str, pd.DataFrame], Any]

#: table name -> what it holds (columns are listed in the docstring of the function named)
TABLES: dict[str, str] = {
    "turns": "the annotated turn table (stacey.turns + stacey.annotate columns); written by analyze",
    "theme_weights": "long theme weights id, theme, weight (rows of a turn sum to 1); written by analyze",
    "themes": "theme, label, top_terms, n_turns, ... of the theme model; written by analyze",
    "rejects": "items of the input that were not made turns: source, reason, detail (stacey analyze)",
    "edges": "one row per gesture -> response reply edge (stacey.dynamics.edges.edges)",
    "uptake": "per-edge uptake with its permutation baseline (stacey.dynamics.uptake.uptake)",
    "uptake_summary": "corpus-level uptake, observed vs permutation baseline (stacey.dynamics.uptake.uptake_summary)",
    "contagion": "3x3 gesture -> response sentiment transitions with lift (stacey.dynamics.contagion.transitions)",
    "contagion_regression": "response ~ gesture sentiment + responder baseline (contagion.contagion_regression)",
    "emergence": "first use and spread of each theme and new term (stacey.dynamics.emergence.emergence) + label",
    "adopters": "adopters of each theme/new term in order, with exposures (emergence.adopters)",
    "adoption": "new and cumulative adopters per period (emergence.adoption_over_time)",
    "exposure": "exposure curves p(k) per theme/term and pooled (emergence.exposure_curve)",
    "changepoints": "PELT change points per conversation and corpus ('*') (changepoints.changepoints)",
    "speakers": "participation and attention per speaker (stacey.dynamics.power.speakers)",
    "inequality": "Gini of turns, words and attention per speaker (power.inequality)",
    "lorenz": "Lorenz curve points of the same (power.inequality)",
    "ei_index": "E-I index of the reply network by group; empty without groups (power.ei_index)",
    "coordination": "linguistic coordination per marker, given ('speaker') and received ('target') (power.coordination)",
    "coordination_summary": "coordination averaged over markers (power.coordination_summary)",
    "regimes": "stable / edge of chaos / unstable map per conversation (stacey.dynamics.regimes.regimes)",
    "prevalence": "theme prevalence per week, all channels ('*') and per channel (prevalence.prevalence)",
    "habitual": "habitual vs local themes (prevalence.habitual) + label",
    "channel_log_odds": "formal vs informal log-odds, lemmas and themes (prevalence.channel_log_odds)",
    "formal_lag": "first informal vs first formal use of each theme (prevalence.formal_lag) + label",
    "shifts": "step/gesture shift and drift per turn (stacey.dynamics.shift.shifts), when installed",
    "novelty": "novelty, transience, resonance per turn (stacey.dynamics.novelty.novelty), when installed",
    "determinism": "recurrence rate and determinism per conversation (recurrence.determinism), when installed",
    "theme_boundaries": "theme segment boundaries (stacey.dynamics.segment.theme_boundaries), when installed",
    "theme_segments": "TopicTiling boundaries on the theme mixtures (stacey.dynamics.segment.topic_tiling), when installed",
}


#: columns of the annotated turn table that the dynamics read (``analyze`` with a sink keeps only these)
DYNAMICS_COLUMNS = ["id", "conversation_id", "reply_to", "speaker", "timestamp", "text", "channel", "turn", "depth",
                    "lang", "sentiment", "n_words", "lemmas"]


def release_memory() -> None:
    """Return freed memory to the operating system: Python's garbage, Arrow's pool and (on glibc) the heap.

    Between the stages of a large analysis the freed blocks of one stage would
    otherwise stay in the process (fragmented heap, Arrow's allocator cache)
    and add to the next stage's peak.
    """
    import ctypes

    from .dynamics._common import release_arrow_memory

    gc.collect()
    release_arrow_memory()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl): nothing to trim
        pass


class _Tables:
    """Where :func:`run_dynamics` puts each finished table: a dict, or a sink that keeps nothing."""

    def __init__(self, sink: Sink | None) -> None:
        self.sink, self.tables = sink, {}

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        if self.sink is None:
            self.tables[name] = frame
        else:
            self.sink(name, frame)
            release_memory()


def _optional(module: str, name: str) -> Any | None:
    """A function of a sibling measure module, or None when that module is not part of this install."""
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise


def _label(table: pd.DataFrame, themes: pd.DataFrame | None, key: str) -> pd.DataFrame:
    if themes is None or "label" not in themes.columns or table.empty:
        return table.assign(label=pd.Series(pd.NA, index=table.index, dtype="string"))
    labels = themes.assign(theme=themes["theme"].astype("string")).set_index("theme")["label"].astype("string")
    lab = table[key].astype("string").map(labels)
    if "kind" in table.columns:
        lab = lab.where(table["kind"] == "theme")
    return table.assign(label=lab)


def run_dynamics(turns: pd.DataFrame, weights: pd.DataFrame, themes: pd.DataFrame | None = None, *,
                 groups: Mapping[str, str] | pd.Series | pd.DataFrame | str | None = None,
                 random_state: int = 0, threshold: float = 0.25, n_perm: int = 1000, freq: str = "W",
                 systems: Mapping[str, str] | None = None, burn_in: float = 0.25, min_speakers: int = 3,
                 penalty_scale: float = 2.0, min_exchanges: int = 5,
                 speaker_channels: Sequence[str] | None = None, min_theme_terms: int = 2,
                 sink: Sink | None = None) -> dict[str, pd.DataFrame]:
    """Compute every dynamics table.

    Parameters
    ----------
    turns
        Annotated turn table (``stacey.annotate``: ``lang``, ``sentiment``, ``lemmas``, ``n_words``).
    weights
        Long theme weights (``id``, ``theme``, ``weight``).
    themes
        Theme table (``theme``, ``label``, ``top_terms``); adds ``label`` to per-theme tables.
    groups
        Speaker groups for the E-I index and group coordination (mapping,
        Series, DataFrame ``speaker, group`` or a turn-table column name).
    random_state
        Seed of every permutation baseline (same inputs and seed, same tables).
    threshold
        Theme weight from which a turn counts as *using* a theme (emergence, habitual, lag).
    n_perm
        Permutations for the uptake and contagion baselines.
    freq
        Calendar period of prevalence and adoption (``"W"`` weeks, ``"M"`` months).
    systems
        Channel -> ``formal``/``informal`` mapping (default ``stacey.dynamics.prevalence.SYSTEMS``).
    burn_in, min_speakers
        New terms: first used after this share of the time span, by at least this many speakers.
    penalty_scale
        c in the change-point penalty c (d + 1) log(n) sigma^2.
    min_exchanges
        Minimum exchanges for a coordination estimate.
    min_theme_terms
        For emergence, a turn uses a theme only when at least this many of the
        theme's top terms (``themes.top_terms``) occur in its lemmas (see
        :func:`stacey.dynamics.emergence.theme_uses`); ignored without
        ``themes`` or ``lemmas``.
    speaker_channels
        Compute ``speakers`` (participation and attention) on these channels
        only, e.g. leaving out transcripts whose remarks are linked to the
        previous remark (default: all channels).
    sink
        Called as ``sink(name, frame)`` with each table as soon as it is
        complete (e.g. a :class:`ResultWriter`); the table is then not kept,
        so memory is bounded by the inputs and the largest single measure,
        not by all the tables together. Default: collect them in the returned dict.

    Returns
    -------
    dict of table name -> DataFrame; names and contents in :data:`TABLES`
    (empty when a ``sink`` took the tables).
    The optional tables (``shifts``, ``novelty``, ``determinism``,
    ``theme_boundaries``, ``theme_segments``) are present when their modules are installed;
    ``regimes`` needs ``novelty`` and ``determinism`` and is empty without them.
    """
    out = _Tables(sink)
    shifts_fn = _optional("stacey.dynamics.shift", "shifts")
    novelty_fn = _optional("stacey.dynamics.novelty", "novelty")
    determinism_fn = _optional("stacey.dynamics.recurrence", "determinism")
    boundaries_fn = _optional("stacey.dynamics.segment", "theme_boundaries")
    tiling_fn = _optional("stacey.dynamics.segment", "topic_tiling")

    e = make_edges(turns, weights)
    out["edges"] = e
    out["uptake"], out["uptake_summary"] = uptake.uptake_tables(turns, weights, n_perm=n_perm,
                                                                random_state=random_state, edges=e)
    if "sentiment" in turns.columns:
        out["contagion"] = contagion.transitions(edges=e, n_perm=n_perm, random_state=random_state)
        out["contagion_regression"] = contagion.contagion_regression(turns, edges=e)

    uses = emergence.theme_uses(turns, weights, threshold=threshold, themes=themes,
                                min_terms=min_theme_terms if "lemmas" in turns.columns else 1)
    if "lemmas" in turns.columns:
        terms = emergence.new_terms(turns, burn_in=burn_in, min_speakers=min_speakers)
        uses = pd.concat([uses, emergence.term_uses(turns, terms)], ignore_index=True)
    out["emergence"] = _label(emergence.emergence(uses), themes, "item")
    ex = emergence.exposures(turns, uses)
    adopters = emergence.adopters(turns, uses, exposures=ex)
    out["adopters"] = adopters
    out["adoption"] = emergence.adoption_over_time(adopters, freq=freq)
    out["exposure"] = emergence.exposure_curve(turns, uses, exposures=ex)
    del uses, ex, adopters

    shifts = shifts_fn(turns, weights) if shifts_fn is not None else None
    if shifts is not None:
        out["shifts"] = shifts
    out["changepoints"] = cp.changepoints(turns, weights, shifts=shifts, penalty_scale=penalty_scale)
    del shifts
    if boundaries_fn is not None:
        out["theme_boundaries"] = boundaries_fn(turns, weights)
    if tiling_fn is not None:
        out["theme_segments"] = tiling_fn(turns, weights)

    speakers = power.speakers(turns, groups=groups, edges=e, channels=speaker_channels)
    out["speakers"] = speakers
    out["inequality"], out["lorenz"] = power.inequality(speakers)
    del speakers
    out["ei_index"] = (power.ei_index(turns, groups, edges=e) if groups is not None else
                       pd.DataFrame(columns=["level", "unit", "group", "external", "internal", "ei"]))
    levels = ["speaker", "target"] + (["group"] if groups is not None else [])
    coord = pd.concat([power.coordination(turns, level=lv, edges=e, groups=groups if lv == "group" else None,
                                          min_exchanges=min_exchanges) for lv in levels], ignore_index=True)
    out["coordination"] = coord
    out["coordination_summary"] = power.coordination_summary(coord)
    del coord, e

    per = None
    if novelty_fn is not None:
        nov = novelty_fn(turns, weights)
        out["novelty"] = nov
        nov = regimes.conversation_means(turns, nov, "novelty")
    if determinism_fn is not None:
        det = determinism_fn(turns, weights)
        out["determinism"] = det
        if novelty_fn is not None:
            per = det[["conversation_id", "determinism"]].astype({"conversation_id": "string"}) \
                .merge(nov, on="conversation_id", how="outer")
    out["regimes"] = regimes.regimes(per) if per is not None else pd.DataFrame(
        columns=["conversation_id", "determinism", "novelty", "determinism_pct", "novelty_pct", "order", "regime"])

    allc = prevalence.prevalence(turns, weights, freq=freq).rename(columns={"group": "channel"})
    byc = prevalence.prevalence(turns, weights, freq=freq, by="channel")
    out["prevalence"] = pd.concat([allc, byc], ignore_index=True)
    out["habitual"] = _label(prevalence.habitual(turns, weights, threshold=threshold), themes, "theme")
    lo = [prevalence.channel_log_odds(turns, weights, unit="theme", systems=systems)]
    if "lemmas" in turns.columns:
        lo.insert(0, prevalence.channel_log_odds(turns, unit="lemma", systems=systems))
    out["channel_log_odds"] = pd.concat(lo, ignore_index=True)
    out["formal_lag"] = _label(prevalence.formal_lag(turns, weights, threshold=threshold, systems=systems),
                               themes, "theme")
    return out.tables


class ResultWriter:
    """A sink that writes each table as ``OUTDIR/<name>.parquet`` when it arrives, then ``run.json``.

    Use it as the ``sink`` of :func:`analyze` or :func:`run_dynamics`, then
    call :meth:`finish`. ``listing`` holds, per table written, its file, rows,
    columns and description (:data:`TABLES`).
    """

    def __init__(self, outdir: str | Path) -> None:
        self.outdir = Path(outdir)
        self.outdir.mkdir(parents=True, exist_ok=True)
        self.listing: dict[str, dict[str, Any]] = {}

    def __call__(self, name: str, frame: pd.DataFrame) -> None:
        """Write one table."""
        from .io.tables import write_table

        path = write_table(frame, self.outdir / f"{name}.parquet")
        self.listing[name] = {"file": path.name, "rows": len(frame), "columns": [str(c) for c in frame.columns],
                              "description": TABLES.get(name, "")}

    def finish(self, *, inputs: Sequence[str | Path] = (), parameters: Mapping[str, Any] | None = None) -> Path:
        """Write ``run.json`` (see :func:`write_results`) and return its path."""
        from .provenance import provenance

        run = provenance(list(inputs), dict(parameters or {})) | {"tables": self.listing}
        target = self.outdir / "run.json"
        target.write_text(json.dumps(run, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        return target


def write_results(tables: Mapping[str, pd.DataFrame], outdir: str | Path, *,
                  inputs: Sequence[str | Path] = (), parameters: Mapping[str, Any] | None = None) -> Path:
    """Write each table as ``OUTDIR/<name>.parquet`` and the provenance as ``OUTDIR/run.json``.

    ``run.json`` is :func:`stacey.provenance.provenance` (``created`` in UTC,
    ``inputs``: the SHA-256 of every input file, or of every file below an
    input folder, by name; ``versions`` of Python and the packages;
    ``parameters`` including the seed) plus ``tables``: for each table its
    file, rows, columns and description (:data:`TABLES`).

    Returns the path of ``run.json``.
    """
    writer = ResultWriter(outdir)
    for name, frame in tables.items():
        writer(name, frame)
    return writer.finish(inputs=inputs, parameters=parameters)


def analyze(turns: pd.DataFrame, *, codebook: str | Path | Mapping[str, Any] | None = None,
            n_themes: int | None = None, lang: str | None = None, random_state: int = 0,
            annotate_options: Mapping[str, Any] | None = None, engine: Any = "pandas",
            scheduler: str | None = None, sink: Sink | None = None, **options: Any) -> dict[str, pd.DataFrame]:
    """Annotate, find themes and compute every dynamics table: the whole analysis in one call.

    Parameters
    ----------
    turns
        A turn table (``stacey.read``); annotated with ``stacey.annotate``
        unless it already has ``sentiment`` and ``lemmas``.
    codebook
        A codebook (YAML path or dict) for deductive themes
        (:class:`stacey.themes.Codebook`); default: inductive
        :class:`stacey.themes.NMFThemes` with ``n_themes`` (None: chosen by its criterion).
    lang
        Corpus default language for annotation.
    random_state
        Seed of the theme model and every permutation baseline.
    annotate_options
        Further keyword arguments of ``stacey.annotate``.
    engine
        Where the annotation runs (:mod:`stacey.engine`): ``"pandas"`` (this
        process, a chunk of whole conversations at a time) or ``"dask"`` (a
        ``dask.distributed`` cluster), or an engine object. Themes and dynamics
        then run here on the annotated table, so both engines give the same tables.
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``); None starts a
        local cluster when ``engine="dask"``.
    sink
        Called as ``sink(name, frame)`` with each table as soon as it is
        complete (a :class:`ResultWriter` writes it to Parquet); nothing is
        then kept: after ``turns`` is handed over, only the columns the
        dynamics read (:data:`DYNAMICS_COLUMNS`) stay in memory, and memory
        is returned to the system between stages. This is how ``stacey
        analyze`` keeps a million turns in bounded memory.
    **options
        Keyword arguments of :func:`run_dynamics` (``groups``, ``n_perm``, ``freq``, ...).

    Returns
    -------
    dict of table name -> DataFrame: ``turns`` (annotated), ``theme_weights``
    (``id, theme, weight``), ``themes`` (``theme, label, top_terms, ...``) and
    every table of :func:`run_dynamics` (:data:`TABLES`); empty when a
    ``sink`` took the tables.
    """
    from .themes import Codebook, NMFThemes

    if sink is not None:
        release_memory()  # what reading the input left in Arrow's pool and the heap
    if not {"sentiment", "lemmas"} <= set(turns.columns):
        from .engine import annotate

        turns = annotate(turns, engine=engine, scheduler=scheduler, lang=lang, **dict(annotate_options or {}))
    model = Codebook(codebook) if codebook is not None and not isinstance(codebook, (str, Path)) else (
        Codebook.from_yaml(codebook) if codebook is not None else NMFThemes(n_themes, random_state=random_state))
    if sink is None:
        weights = model.fit_transform(turns)
        tables = {"turns": turns, "theme_weights": weights, "themes": model.themes_}
        return tables | run_dynamics(turns, weights, themes=model.themes_, random_state=random_state, **options)
    sink("turns", turns)
    groups = options.get("groups")
    keep = DYNAMICS_COLUMNS + ([groups] if isinstance(groups, str) else [])
    turns = turns[[c for c in turns.columns if c in keep]]
    release_memory()
    weights = model.fit_transform(turns)
    sink("theme_weights", weights)
    sink("themes", model.themes_)
    release_memory()
    return run_dynamics(turns, weights, themes=model.themes_, random_state=random_state, sink=sink, **options)
