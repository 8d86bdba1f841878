"""The HTML view renders in a real browser: a PNG from headless Chromium.

Runs only where a Chromium-family browser is installed; elsewhere it is skipped (the reason says
which binary is missing), so it never fails the suite for lack of a browser.
"""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import pytest
import samples

from govtables.view import table_html

SCRIPT = Path(__file__).resolve().parent.parent / "docs" / "make_screenshot.py"


def load_script():
    spec = importlib.util.spec_from_file_location("make_screenshot", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


@pytest.fixture(scope="module")
def shot():
    script = load_script()
    if script.find_chromium() is None:
        pytest.skip(f"Chromium is not installed (none of {', '.join(script.BROWSERS)} on the PATH)")
    return script


def test_table_view_renders_to_png(shot, tmp_path: Path) -> None:
    findings = (samples.T3B, samples.INFERRED, samples.NOT_ASSESSED)
    png = shot.screenshot(table_html(samples.applications(), findings), tmp_path / "applications.png")
    assert png_size(png) == (1400, 1800)
    blank = shot.screenshot("", tmp_path / "blank.png")
    # A page with tables compresses far worse than an empty one: the view was drawn.
    assert png.stat().st_size > 3 * blank.stat().st_size


def test_screenshot_without_a_browser_says_so(monkeypatch, tmp_path: Path) -> None:
    script = load_script()
    monkeypatch.setattr(script, "find_chromium", lambda: None)
    with pytest.raises(FileNotFoundError, match="apt-get install chromium"):
        script.screenshot("<p>x</p>", tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()
