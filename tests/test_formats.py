"""The statutory formats as data."""

from govtables.formats import FORMATS, format_for


def test_cell_counts_match_the_spec() -> None:
    assert len(format_for("applications", "2019").cell_paths()) == 161
    assert len(format_for("applications", "2021").cell_paths()) == 175
    assert len(format_for("reviews", "2019").cell_paths()) == 15
    assert len(format_for("active", "2019").cell_paths()) == 3 * 2 + 3 * 2 + 3 * 2 + 2 + 2
    assert len(format_for("active", "2021").cell_paths()) == 6 + 1 + 2 + 1


def test_short_keys() -> None:
    fmt = format_for("applications", "2021")
    assert fmt.keys()[("r6_2", "biz")] == (
        (
            "三、本年度办理结果",
            "（六）其他处理",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ),
        ("申请人情况", "法人或其他组织", "商业企业"),
    )
    assert format_for("applications", "2019").row_path("r6") == ("三、本年度办理结果", "（六）其他处理")
    assert format_for("reviews", "2019").column_path("rv_keep") == ("行政复议", "结果维持")
    assert format_for("active", "2019").row_path("art20_9.procurement") == (
        "第二十条第（九）项",
        "政府集中采购",
    )


def test_value_kinds() -> None:
    active = format_for("active", "2019")
    kinds = {c.path[-1]: c.kind for c in active.columns}
    assert kinds["本年增/减"] == "signed" and kinds["采购总金额"] == "money"
    assert format_for("active", "2021").columns[-1].kind == "money"


def test_labels_are_full_width() -> None:
    for fmt in FORMATS.values():
        for row in fmt.rows:
            assert "(" not in "".join(row.path) and ":" not in "".join(row.path)


def test_the_schema_format_enum_is_the_registry() -> None:
    """output.schema.json names every shipped revision (and the pre-statutory format, and none)."""
    import json
    from importlib import resources

    from govtables import formats

    schema = json.loads(resources.files("govtables").joinpath("data/output.schema.json").read_text("utf-8"))
    assert schema["properties"]["format"]["enum"] == [*formats.names(), formats.PRE_STATUTORY, None]
    assert formats.names() == formats.FORMAT_NAMES


def test_one_tie_rule() -> None:
    """Most votes; on a tie the revision with fewer markers, then the newer; nothing voted: None."""
    from govtables.formats import choose

    assert choose({"2019": 3, "2021": 2}, {"2019": 10, "2021": 6}) == "2019"
    assert choose({"2019": 3, "2021": 3}, {"2019": 10, "2021": 6}) == "2021"
    assert choose({"2019": 3, "2021": 3}, {"2019": 6, "2021": 10}) == "2019"
    assert choose({"2019": 1, "2021": 1}, {"2019": 6, "2021": 6}) == "2021"
    assert choose({"2019": 0, "2021": 0}, {"2019": 6, "2021": 6}) is None
