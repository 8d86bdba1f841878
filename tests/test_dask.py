"""govtables.dask: the optional Dask recipe, on a local two-process cluster."""

from __future__ import annotations

from pathlib import Path

import pytest

from govtables.corpus import check_report, summarise

pytest.importorskip("dask.bag")  # the optional extra govtables[dask]; CI installs it
distributed = pytest.importorskip("distributed")

from govtables.dask import summarise_bag, to_dask_bag  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PATHS = [*sorted((ROOT / "examples").glob("*.txt")), *sorted((ROOT / "tests" / "corpus").glob("p0*.txt"))]


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


def test_a_bag_gives_the_rows_of_check_report(client: object) -> None:
    rows = to_dask_bag(PATHS, npartitions=4).compute()
    assert sorted(rows, key=lambda row: row.source) == [check_report(path) for path in PATHS]


def test_a_bag_summary_equals_the_local_one(client: object) -> None:
    summary = summarise_bag(to_dask_bag(PATHS, npartitions=3))
    local = summarise([check_report(path) for path in PATHS])
    assert (summary.reports, summary.formats, summary.tables, summary.failing) == (
        local.reports,
        local.formats,
        local.tables,
        local.failing,
    )
    assert summary.reports == len(PATHS)


@pytest.mark.parametrize("table", ["cells", "findings"])
def test_a_dask_dataframe_has_the_long_form_of_every_export(client: object, table: str) -> None:
    pytest.importorskip("dask.dataframe")
    from govtables import read
    from govtables.dask import to_dask_dataframe
    from govtables.export import findings_to_pandas, report_to_pandas

    paths = PATHS[3:5]  # seeds 003 and 004
    frame = to_dask_dataframe(to_dask_bag(paths, npartitions=2), table).compute().reset_index(drop=True)
    export = report_to_pandas if table == "cells" else findings_to_pandas
    local = export([read(path) for path in paths])
    assert list(frame.columns) == list(local.columns)
    numbers = [name for name, dtype in local.dtypes.items() if str(dtype) != "object"]  # Dask may retype text
    assert frame[numbers].dtypes.tolist() == local[numbers].dtypes.tolist()
    assert frame.astype(str).values.tolist() == local.astype(str).values.tolist()
