"""Dynamics of conversation after Stacey: how local exchanges shape and are shaped by wider patterns.

One module per family of measures, each a plain function from tidy tables to a
tidy table: ``edges`` (gesture -> response pairs), ``uptake``, ``contagion``,
``emergence``, ``changepoints``, ``power``, ``regimes``, ``prevalence`` (and
``shift``, ``novelty``, ``recurrence``, ``segment`` from the themes work).
Every measure is a prompt for reflexive inquiry, not a health score.
"""
