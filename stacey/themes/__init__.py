"""Themes turn by turn: inductive (NMF) and deductive (codebook) theme models.

Both give the same output: ``transform(turns)`` is a long table ``id, theme,
weight`` (a turn's rows sum to 1) and ``themes_`` describes each theme with its
``label``, ``top_terms`` and ``n_turns``. :func:`mixtures` spreads the long table
into the turn x theme array the dynamics measures use.
"""

from __future__ import annotations

from .bilingual import language_split, load_lexicon, merge_translations, split_index
from .codebook import Codebook
from .mixtures import mixtures
from .nmf import NMFThemes
from .recovery import theme_recovery

__all__ = ["NMFThemes", "Codebook", "mixtures", "language_split", "split_index", "load_lexicon",
           "merge_translations", "theme_recovery"]
