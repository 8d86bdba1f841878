"""govtables.export: the JSON contract (validated against the schema), JSON Lines, CSV and pandas."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal
from importlib import resources
from pathlib import Path

import attrs
import jsonschema
import pytest
import samples
from samples import ALL, BUSINESS, CARRY, FORWARD, NATURAL, NEW, NOTE, OPEN, TOTAL

from govtables.errors import ExportError
from govtables.export import (
    CELL_SCHEMA,
    CSV_COLUMNS,
    FINDING_SCHEMA,
    findings_to_pandas,
    long_rows,
    report_to_csv,
    report_to_dict,
    report_to_json,
    report_to_pandas,
    reports_to_jsonl,
    reports_to_wide,
    stub_width,
    table_cells_to_pandas,
    table_to_pandas,
    write_csv,
)
from govtables.model import Report

SCHEMA = json.loads(resources.files("govtables.data").joinpath("output.schema.json").read_text("utf-8"))


def labels(index: object) -> list[tuple[object, ...]]:
    """The tuples of a (Multi)Index with missing labels (NaN in a MultiIndex) as None."""
    return [tuple(None if label != label else label for label in entry) for entry in index]  # type: ignore[attr-defined]


def assert_valid(document: object) -> None:
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)


# --- JSON ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("decimals", ["string", "number"])
def test_report_to_dict_follows_the_schema(decimals: str) -> None:
    assert_valid(report_to_dict(samples.report(), decimals=decimals))  # type: ignore[arg-type]


def test_an_empty_report_follows_the_schema() -> None:
    document = report_to_dict(Report(source=None, format=None, tables=()))
    assert_valid(document)
    assert document.pop("metadata") == dict.fromkeys(
        ("title", "agency", "year", "year_from", "published", "document_number", "index_number")
    )
    assert document == {"source": None, "format": None, "script": "simplified", "tables": [], "findings": []}


def test_the_schema_rejects_what_the_contract_forbids() -> None:
    document = report_to_dict(samples.report())
    document["tables"][0]["cells"][0]["inferred"] = "no"
    with pytest.raises(jsonschema.ValidationError):
        assert_valid(document)


def test_table_fields() -> None:
    table = report_to_dict(samples.report())["tables"][1]
    assert list(table) == ["kind", "dialect", "lines", "grid", "spans", "cells"]
    assert (table["kind"], table["dialect"], table["lines"]) == ("applications", "statutory", [5, 14])
    assert table["grid"][0] == [NOTE, None, "申请人情况", None, None]
    assert table["grid"][2][3] == "商业\n企业"  # the text as found, line break kept
    assert table["grid"][6][0] is None  # covered by 三、本年度办理结果
    assert [0, 0, 3, 2] in table["spans"] and [5, 0, 2, 1] in table["spans"]
    assert len(table["cells"]) == 15


def test_cell_fields() -> None:
    cells = report_to_dict(samples.report())["tables"][1]["cells"]
    inferred = next(c for c in cells if c["inferred"])
    assert inferred == {
        "row": list(TOTAL),
        "col": list(BUSINESS),
        "value": 2,
        "text": "2",
        "line": 13,
        "column": 45,
        "inferred": True,
    }
    blank = next(c for c in cells if c["row"] == list(OPEN) and c["col"] == list(BUSINESS))
    assert (blank["value"], blank["text"]) == (None, "")


def test_absent_cell_is_null_everywhere() -> None:
    absent = report_to_dict(samples.report())["tables"][2]["cells"][2]
    assert absent == {
        "row": [],
        "col": ["行政复议", "尚未审结"],
        "value": None,
        "text": None,
        "line": None,
        "column": None,
        "inferred": False,
    }


def test_decimals_are_strings_by_default_and_keep_their_digits() -> None:
    cells = report_to_dict(samples.report())["tables"][0]["cells"]
    assert cells[3]["value"] == "251000.50"
    assert cells[1]["value"] == -2  # integers stay numbers
    numbers = report_to_dict(samples.report(), decimals="number")["tables"][0]["cells"]
    assert numbers[3]["value"] == 251000.5


def test_unknown_decimals_option() -> None:
    with pytest.raises(ExportError, match="decimals"):
        report_to_dict(samples.report(), decimals="float")  # type: ignore[arg-type]


def test_finding_fields() -> None:
    findings = report_to_dict(samples.report())["findings"]
    assert findings[0] == {
        "rule": "T3-B",
        "severity": "error",
        "table": "applications",
        "message": samples.T3B.message,
        "cells": [{"row": list(TOTAL), "col": list(ALL)}, {"row": list(OPEN), "col": list(ALL)}],
        "expected": 4,
        "actual": 5,
        "line": 13,
    }
    assert findings[3]["table"] is None and findings[3]["cells"] == []


def test_decimal_expected_and_actual_are_json_ready() -> None:
    finding = samples.T3B.__class__(rule="X", severity="warning", message="m", expected=Decimal("1.10"))
    report = Report(source="s", format="2021", tables=(), findings=(finding,))
    assert report_to_dict(report)["findings"][0]["expected"] == "1.10"
    assert json.loads(report_to_json(report))["findings"][0]["expected"] == "1.10"


def test_report_to_json_is_the_dict_and_keeps_chinese() -> None:
    report = samples.report()
    text = report_to_json(report)
    assert json.loads(text) == report_to_dict(report)
    assert "申请人情况" in text and "\\u" not in text
    assert "\n" not in text
    assert report_to_json(report, indent=2).startswith('{\n  "source"')


def test_model_methods_delegate() -> None:
    report = samples.report()
    assert report.to_dict() == report_to_dict(report)
    assert report.to_json(indent=1) == report_to_json(report, indent=1)


def test_jsonl_one_object_a_line() -> None:
    reports = [samples.report(), Report(source="b.txt", format=None, tables=())]
    text = reports_to_jsonl(reports)
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) == 3
    assert [json.loads(line)["source"] for line in lines[:-1]] == ["reports/sample.txt", "b.txt"]
    for line in lines[:-1]:
        assert_valid(json.loads(line))


# --- CSV -------------------------------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_columns_and_one_line_per_value_cell() -> None:
    report = samples.report()
    text = report_to_csv(report)
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert CSV_COLUMNS == (
        "source", "agency", "year", "kind", "table_index", "key", "row_path", "col_path", "value", "decimal",
        "text", "inferred", "template", "line", "column",
    )  # fmt: skip
    rows = read_csv(text)
    assert len(rows) == sum(1 for _ in report.cells())


def test_csv_fields() -> None:
    rows = read_csv(report_to_csv(samples.report()))
    inferred = next(r for r in rows if r["inferred"] == "true")
    assert inferred == {
        "source": "reports/sample.txt",
        "agency": "",
        "year": "",
        "kind": "applications",
        "table_index": "1",
        "key": "applications/三、本年度办理结果/（七）总计/申请人情况/法人或其他组织/商业企业",
        "row_path": '["三、本年度办理结果","（七）总计"]',
        "col_path": '["申请人情况","法人或其他组织","商业企业"]',
        "value": "2",
        "decimal": "",
        "text": "2",
        "inferred": "true",
        "template": "true",
        "line": "13",
        "column": "45",
    }
    money = next(r for r in rows if r["col_path"] == '["采购总金额"]')
    assert (money["value"], money["decimal"], money["text"]) == ("", "251000.50", "251000.50元")
    absent = next(r for r in rows if r["col_path"] == '["行政复议","尚未审结"]')
    assert (absent["row_path"], absent["value"], absent["text"], absent["line"]) == ("[]", "", "", "")


def test_findings_csv_names_the_cells_by_key() -> None:
    rows = read_csv(report_to_csv(samples.report(), findings=True))
    assert list(rows[0]) == [name for name, _ in FINDING_SCHEMA]
    assert [r["rule"] for r in rows] == [f.rule for f in samples.report().findings]
    t3b = rows[0]
    assert t3b["rule"] == samples.T3B.rule
    assert json.loads(t3b["cells"]) == [
        "applications/三、本年度办理结果/（七）总计/申请人情况/总计",
        "applications/三、本年度办理结果/（一）予以公开/申请人情况/总计",
    ]
    assert (t3b["expected"], t3b["actual"], t3b["line"], t3b["column"]) == ("4", "5", "13", "")


def test_csv_of_several_reports_has_one_header(tmp_path) -> None:
    reports = [samples.report(), samples.report()]
    text = report_to_csv(reports)
    assert text.count("source,agency,year") == 1
    assert len(read_csv(text)) == 2 * len(read_csv(report_to_csv(samples.report())))
    path = tmp_path / "cells.csv"
    write_csv(reports, path)
    assert path.read_text("utf-8") == text
    handle = io.StringIO()
    write_csv(samples.report(), handle)
    assert handle.getvalue() == report_to_csv(samples.report())


def test_csv_to_an_unwritable_place(tmp_path) -> None:
    with pytest.raises(ExportError, match="cannot write"):
        write_csv(samples.report(), tmp_path / "missing" / "cells.csv")


# --- pandas is optional ----------------------------------------------------------------------------


def test_import_govtables_does_not_import_pandas() -> None:
    code = (
        "import sys, govtables, govtables.export, govtables.view, govtables.model; "
        "assert 'pandas' not in sys.modules, 'pandas was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "export", [report_to_pandas, table_to_pandas, table_cells_to_pandas], ids=lambda f: f.__name__
)
def test_missing_pandas_says_how_to_install(monkeypatch, export) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` raise ImportError
    argument = samples.report() if export is report_to_pandas else samples.applications()
    with pytest.raises(ExportError, match=r"pip install 'govtables\[pandas\]'") as info:
        export(argument)
    assert export.__name__ in str(info.value)
    assert isinstance(info.value.__cause__, ImportError)


# --- pandas: the grid ------------------------------------------------------------------------------


def test_stub_width() -> None:
    assert stub_width(samples.applications().grid) == 2
    assert stub_width(samples.reviews().grid) == 0
    assert stub_width(samples.active().grid) == 1
    assert stub_width(samples.indicators().grid) == 1


def test_header_multiindex_repeat() -> None:
    pytest.importorskip("pandas")
    table = samples.applications()
    frame = table_to_pandas(table)
    assert frame.columns.nlevels == table.grid.header_rows == 3
    assert list(frame.columns) == [
        ("申请人情况", "自然人", "自然人"),
        ("申请人情况", "法人或其他组织", "商业 企业"),
        ("申请人情况", "总计", "总计"),
    ]
    # With repeats dropped, each column's labels are the grid's header path.
    for c, labels in enumerate(frame.columns, start=2):
        assert tuple(dict.fromkeys(labels)) == table.grid.header_path(c)


def test_header_policies_origin_and_empty() -> None:
    pytest.importorskip("pandas")
    table = samples.applications()
    origin = table_to_pandas(table, header="origin", index=False)
    empty = table_to_pandas(table, header="empty", index=False)
    # columns 2..4: 申请人情况 spans them in row 0; 自然人 and 总计 span rows 1-2
    assert labels(origin.columns)[2:] == [
        ("申请人情况", "自然人", None),
        (None, "法人或其他组织", "商业 企业"),
        (None, "总计", None),
    ]
    assert list(empty.columns)[2:] == [
        ("申请人情况", "自然人", ""),
        ("", "法人或其他组织", "商业 企业"),
        ("", "总计", ""),
    ]
    assert next(iter(empty.columns))[0] == "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"


def test_body_policies_on_the_stub_index() -> None:
    pytest.importorskip("pandas")
    table = samples.applications()
    new, carry, result, forward = NEW[0], CARRY[0], OPEN[0], FORWARD[0]
    repeat = table_to_pandas(table, body="repeat")
    assert repeat.index.nlevels == 2
    assert list(repeat.index) == [
        (new, new),
        (carry, carry),
        (result, "(一)予以公开"),
        (result, "(七)总计"),
        (forward, forward),
    ]
    origin = table_to_pandas(table, body="origin")
    assert labels(origin.index)[0] == (new, None) and labels(origin.index)[3] == (None, "(七)总计")
    empty = table_to_pandas(table, body="empty")
    assert next(iter(empty.index)) == (new, "") and list(empty.index)[3] == ("", "(七)总计")


def test_header_and_body_policies_may_differ() -> None:
    pytest.importorskip("pandas")
    frame = table_to_pandas(samples.applications(), header="origin", body="repeat")
    assert labels(frame.columns)[0] == ("申请人情况", "自然人", None)
    assert next(iter(frame.index)) == (NEW[0], NEW[0])


def test_body_values_are_the_text_as_found() -> None:
    pytest.importorskip("pandas")
    frame = table_to_pandas(samples.applications())
    assert frame.loc[(TOTAL[0], "(七)总计"), ("申请人情况", "总计", "总计")] == "5"
    assert frame.loc[(OPEN[0], "(一)予以公开"), ("申请人情况", "法人或其他组织", "商业 企业")] == ""
    assert frame.dtypes.eq(object).all()


def test_index_false_keeps_the_stub_as_columns() -> None:
    pytest.importorskip("pandas")
    frame = table_to_pandas(samples.applications(), index=False)
    assert frame.shape == (5, 5)
    assert list(frame.index) == [0, 1, 2, 3, 4]
    assert frame.iloc[0, 0] == NEW[0] and frame.iloc[0, 1] == NEW[0]


def test_table_without_stub_or_header() -> None:
    pytest.importorskip("pandas")
    reviews = table_to_pandas(samples.reviews())
    assert list(reviews.columns) == [("行政复议", "结果维持"), ("行政复议", "总计")]
    assert reviews.iloc[0].tolist() == ["5", "-"]
    indicators = table_to_pandas(samples.indicators())
    assert list(indicators.columns) == [1]
    assert indicators.loc["依申请公开", 1] == "12"


def test_unknown_span_policy() -> None:
    with pytest.raises(ExportError, match="span policy"):
        table_to_pandas(samples.applications(), header="fill")  # type: ignore[arg-type]


# --- pandas: template cells and long form ----------------------------------------------------------


def test_template_cells_on_official_paths() -> None:
    pd = pytest.importorskip("pandas")
    frame = table_cells_to_pandas(samples.applications())
    assert frame.shape == (5, 3)
    assert list(frame.index) == [(*NEW, ""), (*CARRY, ""), OPEN, TOTAL, (*FORWARD, "")]
    assert list(frame.columns) == [(*NATURAL, ""), BUSINESS, (*ALL, "")]
    assert frame.loc[TOTAL, (*ALL, "")] == 5
    assert frame.loc[OPEN, BUSINESS] is pd.NA  # blank
    assert (frame.dtypes == "Int64").all()
    assert frame[(*ALL, "")].sum() == 7 + 1 + 4 + 5 + 3


def test_template_cells_keep_decimals_and_blocks() -> None:
    pytest.importorskip("pandas")
    frame = table_cells_to_pandas(samples.active())
    assert frame.loc[("第二十条第（九）项", "政府集中采购"), ("采购总金额",)] == Decimal("251000.50")
    assert frame.loc[("第二十条第（六）项", "行政处罚"), ("本年增/减",)] == -2
    assert frame[("采购总金额",)].dtype == object
    assert frame[("本年增/减",)].dtype == "Int64"


def test_template_cells_of_table_four_have_one_row() -> None:
    pd = pytest.importorskip("pandas")
    frame = table_cells_to_pandas(samples.reviews())
    assert list(frame.index) == [("",)]
    assert frame.iloc[0].tolist() == [5, pd.NA, pd.NA]


def test_template_cells_of_an_empty_table() -> None:
    pytest.importorskip("pandas")
    empty = samples.applications().__class__(
        kind="other", dialect="pipe", lines=(1, 1), grid=samples.Grid(())
    )
    assert table_cells_to_pandas(empty).shape == (0, 0)


def test_report_to_pandas_long_form() -> None:
    pd = pytest.importorskip("pandas")
    report = samples.report()
    frame = report_to_pandas(report)
    assert list(frame.columns) == list(CSV_COLUMNS)
    assert len(frame) == sum(1 for _ in report.cells())
    inferred = frame[frame["inferred"]]
    assert len(inferred) == 1
    assert inferred.iloc[0]["row_path"] == TOTAL and inferred.iloc[0]["col_path"] == BUSINESS
    assert inferred.iloc[0]["key"] == "applications/三、本年度办理结果/（七）总计/申请人情况/法人或其他组织/商业企业"
    assert {name: str(frame[name].dtype) for name in ("year", "value", "line", "inferred")} == {
        "year": "Int64", "value": "Int64", "line": "Int64", "inferred": "bool",
    }  # fmt: skip
    money = frame[frame["col_path"] == ("采购总金额",)].iloc[0]
    assert money["value"] is pd.NA and money["decimal"] == "251000.50"
    counts = frame.groupby("kind").size().to_dict()
    assert counts == {"active": 4, "applications": 15, "reviews": 3}
    assert len(report_to_pandas([report, report])) == 2 * len(frame)


def test_findings_to_pandas() -> None:
    pytest.importorskip("pandas")
    frame = findings_to_pandas(samples.report())
    assert list(frame.columns) == [name for name, _ in FINDING_SCHEMA]
    assert frame["rule"].tolist() == ["T3-B", "inferred-alignment", samples.NOT_ASSESSED.rule, "no-table-1"]
    assert frame.iloc[1]["cells"] == ("applications/三、本年度办理结果/（七）总计/申请人情况/法人或其他组织/商业企业",)
    assert frame["line"].dtype == "Int64" and findings_to_pandas([]).empty


def test_a_count_beyond_64_bits_is_null_with_a_warning() -> None:
    table = samples.reviews()
    big = attrs.evolve(table.cells[0], value=2**63, text=str(2**63))
    report = Report("big.txt", "2019", (attrs.evolve(table, cells=(big,)),))
    cells, findings = long_rows(report)
    assert (cells[0][8], cells[0][10]) == (None, "9223372036854775808")
    assert findings[-1][1:3] == ("value-overflow", "warning") and findings[-1][6] == "9223372036854775808"
    fits = attrs.evolve(big, value=2**63 - 1)
    assert long_rows(Report("ok.txt", "2019", (attrs.evolve(table, cells=(fits,)),)))[0][0][8] == 2**63 - 1


def test_cell_keys_are_unique_in_each_template() -> None:
    from govtables.formats import FORMAT_NAMES

    pytest.importorskip("pandas")
    for name in FORMAT_NAMES:
        columns = list(reports_to_wide([], name).columns)
        assert len(columns) == len(set(columns))


SEED_004 = Path(__file__).resolve().parent.parent / "examples" / "004_1185ee4c741c8fc5.txt"


def _normalised(value: object) -> object:
    """The documented differences between the exports: a label path is a tuple in pandas, a list in
    DuckDB and Parquet, a JSON array in CSV; null is pd.NA / None / NaN / an empty CSV field."""
    import pandas as pd

    if isinstance(value, list | tuple):
        return tuple(value)
    if value is None or (not isinstance(value, tuple | list) and pd.isna(value)):  # type: ignore[arg-type]
        return None
    return value


def _csv_frame(path: Path, schema: tuple[tuple[str, str], ...]) -> list[tuple[object, ...]]:
    """A long-form CSV read back with the schema's types (the only typing CSV needs)."""
    records = []
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        assert next(reader) == [name for name, _ in schema]
        for record in reader:
            typed: list[object] = []
            for field, (_, kind) in zip(record, schema, strict=True):
                if field == "":
                    typed.append(None)
                elif kind in ("int", "bigint"):
                    typed.append(int(field))
                elif kind == "bool":
                    typed.append({"true": True, "false": False}[field])
                elif kind == "labels":
                    typed.append(tuple(json.loads(field)))
                else:
                    typed.append(field)
            records.append(tuple(typed))
    return records


def test_seed_004_is_the_same_in_every_export(tmp_path: Path) -> None:
    """One report to a DataFrame, CSV (parse and check --out), Parquet and DuckDB: the same columns
    and the same values, row for row."""
    pytest.importorskip("pandas")
    duckdb = pytest.importorskip("duckdb")
    pq = pytest.importorskip("pyarrow.parquet")
    from govtables import read
    from govtables.corpus import run

    source = str(SEED_004)
    report = read(source)
    frames = {"cells": report_to_pandas(report), "findings": findings_to_pandas(report)}
    assert len(frames["cells"]) == 198 and frames["cells"]["value"].dtype == "Int64"
    for suffix in (".csv", ".parquet", ".duckdb"):
        run([source], out=tmp_path / f"out{suffix}")
    write_csv(report, tmp_path / "parse.csv")
    for table, schema in (("cells", CELL_SCHEMA), ("findings", FINDING_SCHEMA)):
        names = [name for name, _ in schema]
        frame = frames[table]
        assert list(frame.columns) == names
        expected = [tuple(_normalised(v) for v in row) for row in frame.itertuples(index=False)]
        con = duckdb.connect(str(tmp_path / "out.duckdb"), read_only=True)
        cursor = con.execute(f"SELECT * FROM {table}")
        assert [d[0] for d in cursor.description] == names
        found = {
            "duckdb": cursor.fetchall(),
            "parquet": pq.read_table(tmp_path / f"out.{table}.parquet").to_pylist(),
            "check --out csv": _csv_frame(tmp_path / f"out.{table}.csv", schema),
        }
        con.close()
        found["parquet"] = [tuple(record.values()) for record in found["parquet"]]
        assert pq.read_schema(tmp_path / f"out.{table}.parquet").names == names
        if table == "cells":
            found["parse csv"] = _csv_frame(tmp_path / "parse.csv", schema)
        for name, records in found.items():
            assert [tuple(_normalised(v) for v in r) for r in records] == expected, name
    # and the values are typed: a count is an int everywhere, never 4.0
    con = duckdb.connect(str(tmp_path / "out.duckdb"), read_only=True)
    assert con.execute("SELECT typeof(value), typeof(year) FROM cells LIMIT 1").fetchone() == ("BIGINT", "INTEGER")
    assert con.execute("SELECT cells FROM reports").fetchone() == (int(frames["cells"]["text"].notna().sum()),)


def test_wide_frame_one_row_per_report_one_column_per_template_cell() -> None:
    pytest.importorskip("pandas")
    from govtables import read, wide

    reports = [read(SEED_004), read(SEED_004.parent / "000_c5f37a9f00a57231.txt")]
    frame = wide(reports, format="2019")
    assert frame["source"].tolist() == [str(SEED_004)]  # the pre-2019 report is left out
    # read by hand in seed 004: 一、本年新收 … 总计 is 0 (line 99), 规章 本年新制作数量 is 0 (line 23)
    assert frame.loc[0, "applications/一、本年新收政府信息公开申请数量/申请人情况/总计"] == 0
    assert list(frame.columns[:4]) == ["source", "agency", "year", "active/第二十条第（一）项/规章/本年新制作数量"]
    assert frame["applications/一、本年新收政府信息公开申请数量/申请人情况/总计"].dtype == "Int64"
    long = report_to_pandas(reports[0])
    template = long[long["template"]]
    assert len(frame.columns) - 3 == len(template)  # every template cell of 二, 三, 四 once
    with pytest.raises(ExportError, match="no template for the format 'pre-2019'"):
        reports_to_wide(reports, format="pre-2019")


# --- real reports (examples/ and tests/corpus/) ----------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
REPORTS = sorted(
    [*ROOT.glob("examples/*.txt"), *ROOT.glob("tests/corpus/*.txt"), *ROOT.glob("tests/corpus/*.html")]
)


def read(path: Path) -> Report:
    import govtables

    if not hasattr(govtables, "read"):
        pytest.skip("govtables.read does not exist yet")
    return govtables.read(path)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_real_reports_follow_the_schema(path: Path) -> None:
    report = read(path)
    document = json.loads(report_to_json(report))
    assert_valid(document)
    assert len(read_csv(report_to_csv(report))) == sum(len(t["cells"]) for t in document["tables"])


def test_seed_004_template_cells() -> None:
    pytest.importorskip("pandas")
    report = read(ROOT / "examples" / "004_1185ee4c741c8fc5.txt")
    frame = table_cells_to_pandas(report.table("applications"))
    assert frame.shape == (23, 7)  # the 2019 table 三: 23 rows of 7 data cells
    assert frame.index.nlevels == 3 and frame.columns.nlevels == 3
    assert frame.loc[("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")].notna().sum() == 1
