"""Render the notebook view of seed 004's table 三 to ``docs/images/seed004-applications.png``.

Usage (from the repository root)::

    .venv/bin/python docs/make_screenshot.py [REPORT] [--kind applications] [-o PNG]

It reads the report with :func:`govtables.read`, draws the table with
:func:`govtables.view.table_html` (with the report's findings about it) and takes a screenshot in
headless Chromium (``chromium``, ``chromium-browser`` or ``google-chrome`` on the PATH; on Debian
``apt-get install chromium``, plus a CJK font such as ``fonts-wqy-microhei`` or ``fonts-noto-cjk``).
:func:`screenshot` is also what ``tests/test_screenshot.py`` uses.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "004_1185ee4c741c8fc5.txt"
OUT = ROOT / "docs" / "images" / "seed004-applications.png"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def find_chromium() -> str | None:
    """The path of a Chromium-family browser on the PATH, or None."""
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def page(body: str, title: str = "govtables") -> str:
    """A complete HTML document around a view fragment (UTF-8, white background)."""
    return (
        f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{title}</title></head>'
        f'<body style="margin:16px;background:#fff">{body}</body></html>'
    )


def screenshot(
    html: str, png: str | Path, *, size: tuple[int, int] = (1400, 1800), browser: str | None = None
) -> Path:
    """Write ``html`` (a fragment or a document) to a temporary file and screenshot it to ``png``."""
    browser = browser or find_chromium()
    if browser is None:
        raise FileNotFoundError("no Chromium found on the PATH; install it (apt-get install chromium)")
    png = Path(png).resolve()
    png.parent.mkdir(parents=True, exist_ok=True)
    document = html if html.lstrip().lower().startswith("<!doctype") else page(html)
    with tempfile.TemporaryDirectory(prefix="govtables-shot-") as tmp:
        source = Path(tmp) / "view.html"
        source.write_text(document, encoding="utf-8")
        profile = Path(tmp) / "profile"  # a fresh profile each time: no state carried over
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={size[0]},{size[1]}",
            source.as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if not png.is_file():
        raise RuntimeError(
            f"Chromium wrote no screenshot (exit {result.returncode}): {result.stderr[-2000:]}"
        )
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", default=str(SEED))
    parser.add_argument("--kind", default="applications", help="table kind to draw (default: applications)")
    parser.add_argument("-o", "--output", default=str(OUT))
    parser.add_argument("--height", type=int, default=1800)
    args = parser.parse_args(argv)

    import govtables
    from govtables.view import table_html

    read = getattr(govtables, "read", None)
    if read is None:
        print("govtables.read does not exist yet: nothing to render", file=sys.stderr)
        return 2
    report = read(args.report)
    table = report.table(args.kind)
    if table is None:
        print(f"{args.report}: no {args.kind} table found", file=sys.stderr)
        return 1
    findings = [f for f in report.findings if f.table == table.kind]
    title = f"{Path(args.report).name} · {args.kind}"
    png = screenshot(page(table_html(table, findings), title), args.output, size=(1400, args.height))
    print(png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
