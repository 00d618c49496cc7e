"""The README's Python quickstart is examples/quickstart.py, included verbatim: this test checks
that the README still contains it and runs it."""
import runpy
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUICKSTART = HERE.parent / "examples" / "quickstart.py"
README = HERE.parents[1] / "README.md"


def test_readme_contains_the_quickstart_verbatim():
    assert QUICKSTART.read_text(encoding="utf-8").strip() in README.read_text(encoding="utf-8")


def test_quickstart_runs():
    runpy.run_path(str(QUICKSTART), run_name="__main__")
