"""Hypothesis profiles for the whole suite, chosen by ``HYPOTHESIS_PROFILE`` (or Hypothesis's own
``--hypothesis-profile=NAME`` option):

- ``dev`` (the default): random examples, a local example database, so a failure found once is
  replayed first the next time;
- ``ci`` (used by ``.ci/run``): derandomised — the same examples every run, no database — so a
  landing cannot pass or fail by luck; a failure prints the blob that reproduces it;
- ``long``: the exploring profile of the fuzz tests, 100 000 examples a test (they are then marked
  ``slow``; see docs/robustness.md). ``GOVTABLES_FUZZ_PROFILE=long`` still selects it.

A test's own ``@settings`` (its example count) apply on top of the profile; the fuzz tests take
theirs from the profile when it is ``long``.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("dev", print_blob=True)
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("long", max_examples=100_000, deadline=None, print_blob=True)

_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or (
    "long" if os.environ.get("GOVTABLES_FUZZ_PROFILE") == "long" else "dev"
)
if _PROFILE not in ("dev", "ci", "long"):  # a typo in the environment should not pass silently
    raise ValueError(f"HYPOTHESIS_PROFILE={_PROFILE!r}; expected one of ci, dev, long")
settings.load_profile(_PROFILE)
