"""The notebooks run top to bottom (nbclient, this interpreter as the kernel) and are committed without outputs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CELL_TIMEOUT = 300  # seconds per cell; the slowest loads the models and extracts 32 articles
KERNEL = "newsextract-tests"


@pytest.fixture()
def kernel_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A kernelspec running ``sys.executable`` (the .venv's python), found first on JUPYTER_PATH."""
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "newsextract tests",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    out = tmp_path / "out"
    monkeypatch.setenv("NEWSEXTRACT_NB_OUT", str(out))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return out


def _run(name: str, cwd: Path) -> object:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(cwd)}},
        allow_errors=False,
    )
    client.execute()  # raises CellExecutionError naming the cell that raised
    return nb


@pytest.mark.slow
def test_tour_runs_from_notebooks_dir(kernel_env: Path) -> None:
    nb = _run("tour.ipynb", NOTEBOOKS)
    for f in ("entities.html", "f1.png", "s01.html", "batch.jsonl"):
        assert (kernel_env / f).stat().st_size > 0, f
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]  # type: ignore[attr-defined]
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the bar chart
    assert any('class="entities"' in o.get("data", {}).get("text/html", "") for o in outputs)  # displaCy
    assert len((kernel_env / "batch.jsonl").read_text(encoding="utf-8").splitlines()) == 6


@pytest.mark.slow
def test_custom_fact_runs_from_repo_root(kernel_env: Path) -> None:
    _run("custom_fact.ipynb", ROOT)
    assert (kernel_env / "custom_fact_s28.html").stat().st_size > 0


@pytest.mark.parametrize("name", ["tour.ipynb", "custom_fact.ipynb"])
def test_committed_without_outputs(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: strip the outputs"
