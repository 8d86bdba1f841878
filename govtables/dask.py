"""The optional ``govtables[dask]`` recipe: check a corpus on a Dask cluster.

The same per-report function as :func:`govtables.corpus.run` (:func:`govtables.corpus.check_report`)
mapped over a bag of paths; with the default scheduler a bag runs in processes, and under a
``distributed.Client`` on the cluster's workers. Each worker builds its Lark parsers once, on first
use::

    from distributed import Client, LocalCluster
    from govtables.corpus import iter_paths
    from govtables.dask import summarise_bag, to_dask_bag

    with Client(LocalCluster(n_workers=8, processes=True)):
        bag = to_dask_bag(iter_paths(["reports/"]), npartitions=64)
        print(summarise_bag(bag).render())

Only the paths travel to the workers and only :class:`~govtables.corpus.ReportRow` values come back.
For a dataset, :func:`to_dask_dataframe` gives the ``cells`` or ``findings`` of the bag as a Dask
DataFrame in the long form of every export (:data:`govtables.export.CELL_SCHEMA`, the dtypes of
:func:`govtables.export.report_to_pandas`), ready for ``.to_parquet(...)`` (see ``docs/scale.md``).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from .corpus import Reader, ReportRow, Summary, Tally, check_report
from .errors import ExportError
from .export import CELL_SCHEMA, FINDING_SCHEMA, long_frame

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas as pd

__all__ = ["summarise_bag", "to_dask_bag", "to_dask_dataframe"]

_SCHEMAS = {"cells": CELL_SCHEMA, "findings": FINDING_SCHEMA}


def _bag_module() -> Any:
    try:
        import dask.bag
    except ImportError as exc:
        raise ExportError(
            "the Dask recipe needs the optional package 'dask[bag]', which is not installed",
            expected="pip install 'govtables[dask]'",
        ) from exc
    return dask.bag


def to_dask_bag(
    paths: Iterable[str | os.PathLike[str]], npartitions: int | None = None, reader: Reader | None = None
) -> dask.bag.Bag:
    """A bag of :class:`ReportRow`, one per path (``npartitions`` default: about 100 paths each)."""
    db = _bag_module()
    names = [os.fspath(path) for path in paths]
    if npartitions is None:
        npartitions = max(1, min(len(names) // 100 + 1, 1000))
    check = check_report if reader is None else functools.partial(check_report, reader=reader)
    return db.from_sequence(names, npartitions=npartitions).map(check)


def _tally(rows: Iterable[ReportRow]) -> Tally:
    tally = Tally()
    for row in rows:
        tally.add(row)
    return tally


def _merge(tallies: Iterable[Tally]) -> Tally:
    return functools.reduce(Tally.merge, tallies, Tally())


def summarise_bag(bag: dask.bag.Bag, **compute: Any) -> Summary:
    """Compute the bag into a :class:`Summary`: each partition is tallied where it ran, so only
    counts travel back (``compute`` is passed to ``dask.compute``, e.g. ``scheduler="processes"``)."""
    import time

    start = time.perf_counter()
    tally = bag.reduction(_tally, _merge).compute(**compute)
    return tally.summary(time.perf_counter() - start)


def _frame(rows: Iterable[ReportRow], table: str) -> pd.DataFrame:
    """One partition's ``cells`` or ``findings`` rows as a pandas frame of the long form."""
    return long_frame([record for row in rows for record in getattr(row, table)], _SCHEMAS[table])


def to_dask_dataframe(bag: dask.bag.Bag, table: Literal["cells", "findings"] = "cells") -> dask.dataframe.DataFrame:
    """The ``cells`` (or ``findings``) of a bag of :class:`ReportRow` as a Dask DataFrame: one
    partition per bag partition, the columns and dtypes of :func:`govtables.export.report_to_pandas`
    (:func:`govtables.export.findings_to_pandas`). Needs ``dask[dataframe]``."""
    if table not in _SCHEMAS:
        raise ExportError(f"no long-form table {table!r}", expected="'cells' or 'findings'")
    try:
        import dask
        import dask.dataframe as dd
    except ImportError as exc:
        raise ExportError(
            "a Dask DataFrame needs the optional package 'dask[dataframe]', which is not installed",
            expected="pip install 'dask[dataframe]'",
        ) from exc
    parts = [dask.delayed(_frame)(part, table) for part in bag.to_delayed()]
    return dd.from_delayed(parts, meta=long_frame([], _SCHEMAS[table]), verify_meta=False)
