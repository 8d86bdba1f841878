"""Generate statutory annual reports (2019 and 2021 formats) with consistent numbers, in every dialect.

    python benchmarks/generate.py OUT --n 1000 [--dialects pipe,statutory,cell-per-line,html]
                                      [--errors 0.1] [--seed 0]

Report ``i`` is written in dialect ``dialects[i % len(dialects)]``, alternately in the 2019 and 2021
formats, under ``OUT/<dialect>/<i // 1000>/<i>_<format>.txt`` (``.html`` for HTML). The tables
二, 三 and 四 are built as grids with the official labels and spans (from :mod:`govtables.formats`)
and written by :func:`govtables.render.render`; their numbers satisfy T3-A, T3-B, T3-C, T4-A and
the soft table-二 identities, except that a fraction ``--errors`` of the reports gets one error
(a table-三 leaf cell off by one, which breaks T3-B and T3-C).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from govtables.formats import Format, format_for
from govtables.layout import official_grid
from govtables.model import Grid
from govtables.render import render

DIALECTS = ("pipe", "statutory", "cell-per-line", "html")
FORMATS = ("2019", "2021")

HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
PROSE = (
    "本年报根据《中华人民共和国政府信息公开条例》要求编制，由总体情况、主动公开政府信息情况、"
    "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况"
    "以及其他需要报告的事项组成。本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。"
)


# -- numbers --------------------------------------------------------------------------------------


def small(rng: random.Random, busy: float = 0.3, top: int = 20) -> int:
    return rng.randint(1, top) if rng.random() < busy else 0


def applications_numbers(fmt: Format, rng: random.Random) -> dict[str, list[int]]:
    """Row key → seven values (six applicant columns and 总计) satisfying T3-A/B/C."""
    keys = [row.key for row in fmt.rows]
    leaves = [k for k in keys if k not in ("new", "carry", "r7_total", "fwd")]
    values: dict[str, list[int]] = {k: [0] * 6 for k in keys}
    for c in range(6):
        busy = 0.6 if c in (0, 1) else 0.15
        for key in leaves:
            values[key][c] = small(rng, busy, 30 if c == 0 else 5)
        total = sum(values[key][c] for key in leaves)
        forward = small(rng, 0.3, 5)
        carry = rng.randint(0, total + forward) if rng.random() < 0.4 else 0
        values["r7_total"][c] = total
        values["fwd"][c] = forward
        values["carry"][c] = carry
        values["new"][c] = total + forward - carry
    return {key: [*row, sum(row)] for key, row in values.items()}


def reviews_numbers(rng: random.Random) -> list[int]:
    out: list[int] = []
    for _ in range(3):
        parts = [small(rng, 0.2, 3) for _ in range(4)]
        out += [*parts, sum(parts)]
    return out


def active_numbers(fmt: Format, rng: random.Random) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for row in fmt.rows:
        keys = [c.key for c in row.columns]
        if fmt.name == "2019" and len(keys) == 3 and row.path[0].endswith("（一）项"):
            made = small(rng, 0.7, 10)
            total = made + rng.randint(0, 50)
            values[row.key] = [str(made), str(made), str(total)]
        elif fmt.name == "2021" and len(keys) == 3:
            made, repealed = small(rng, 0.7, 10), small(rng, 0.3, 5)
            values[row.key] = [str(made), str(repealed), str(repealed + rng.randint(0, 60))]
        elif row.key.endswith("procurement") or "采购" in row.path[-1]:
            values[row.key] = [str(small(rng, 0.7, 20)), f"{rng.randint(0, 99999) / 100:.2f}"]
        elif len(keys) == 1 and "万元" in row.columns[0].path[-1]:
            values[row.key] = [f"{rng.randint(0, 500) / 100:.2f}"]
        else:
            values[row.key] = [str(small(rng, 0.5, 200)) for _ in keys]
    return values


# -- grids ----------------------------------------------------------------------------------------


def by_paths(
    fmt: Format, numbers: Mapping[str, Sequence[object]]
) -> dict[tuple[tuple[str, ...], tuple[str, ...]], str]:
    """Row key → values in column order, as the official (row path, column path) → text."""
    return {
        (row.path, column.path): str(value)
        for row in fmt.rows
        for column, value in zip(row.columns, numbers[row.key], strict=True)
    }


def report_grids(fmt_name: str, rng: random.Random, error: bool) -> tuple[Grid, Grid, Grid]:
    """Tables 二, 三 and 四 in their official layout (:func:`govtables.layout.official_grid`)."""
    applications = format_for("applications", fmt_name)
    numbers = applications_numbers(applications, rng)
    if error:
        leaves = [r.key for r in applications.rows if r.key not in ("new", "carry", "r7_total", "fwd")]
        numbers[rng.choice(leaves)][rng.randrange(6)] += 1
    active = format_for("active", fmt_name)
    reviews = format_for("reviews", fmt_name)
    return (
        official_grid("active", fmt_name, by_paths(active, active_numbers(active, rng))),
        official_grid("applications", fmt_name, by_paths(applications, numbers)),
        official_grid("reviews", fmt_name, by_paths(reviews, {"reviews": reviews_numbers(rng)})),
    )


def report_text(dialect: str, fmt_name: str, rng: random.Random, error: bool = False) -> str:
    """One whole report: headings, a little prose, and tables 二, 三 and 四 in ``dialect``."""
    year = rng.choice((2019, 2020) if fmt_name == "2019" else (2021, 2022, 2023, 2024))
    tables = [render(grid, dialect) for grid in report_grids(fmt_name, rng, error)]
    prose = PROSE.format(year=year)
    parts = [HEADINGS[0], prose, HEADINGS[1], tables[0], HEADINGS[2], tables[1], HEADINGS[3], tables[2]]
    parts += [HEADINGS[4], "一是公开内容有待进一步丰富；二是解读形式还不够多样。", HEADINGS[5], "无"]
    if dialect == "html":
        body = "\n".join(part if part.startswith("<table") else f"<p>{part}</p>" for part in parts)
        return f'<html><head><meta charset="utf-8"></head><body>\n{body}\n</body></html>\n'
    return "\n".join(parts) + "\n"


def generate(
    out: Path, n: int, *, dialects: tuple[str, ...] = DIALECTS, errors: float = 0.1, seed: int = 0
) -> Iterator[Path]:
    """Write ``n`` reports under ``out``; yield each path as it is written."""
    rng = random.Random(seed)
    for i in range(n):
        dialect = dialects[i % len(dialects)]
        fmt_name = FORMATS[(i // len(dialects)) % 2]
        text = report_text(dialect, fmt_name, rng, error=rng.random() < errors)
        folder = out / dialect / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{i:06d}_{fmt_name}.{'html' if dialect == 'html' else 'txt'}"
        path.write_text(text, encoding="utf-8")
        yield path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the reports into")
    parser.add_argument("--n", type=int, default=1000, help="number of reports (default 1000)")
    parser.add_argument("--dialects", default=",".join(DIALECTS), help="comma-separated dialects")
    parser.add_argument("--errors", type=float, default=0.1, help="fraction of reports with one error")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    dialects = tuple(args.dialects.split(","))
    count = sum(1 for _ in generate(args.out, args.n, dialects=dialects, errors=args.errors, seed=args.seed))
    print(f"wrote {count} reports under {args.out}")


if __name__ == "__main__":
    main()
