"""The grammars ship inside the wheel and load the same way as from the editable install."""

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_parses_a_report(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("govtables-*.whl")
    fresh = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(fresh)
    python = fresh / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    script = (
        "import govtables, pathlib, sys\n"
        "assert 'site-packages' in govtables.__file__, govtables.__file__\n"
        "assert (pathlib.Path(govtables.__file__).parent / 'py.typed').is_file()\n"
        "r = govtables.read(sys.argv[1])\n"
        "print(len(r.tables), r.format, govtables.read(sys.argv[2]).script)\n"
    )
    done = subprocess.run(
        [
            str(python),
            "-c",
            script,
            str(ROOT / "examples" / "004_1185ee4c741c8fc5.txt"),
            str(ROOT / "tests" / "corpus" / "p075.txt"),
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.stdout.split() == ["3", "2019", "traditional"]  # py.typed and the Traditional marks ship


def test_editable_install_finds_the_same_package_data():
    from importlib import resources

    grammars = resources.files("govtables.grammars")
    assert {p.name for p in grammars.iterdir() if p.name.endswith(".lark")} == {
        "common.lark",
        "pipe.lark",
        "cell_per_line.lark",
        "statutory.lark",
        "spaced.lark",
    }
