"""docs/performance.md shows the benchmark run recorded in bench/last-run.json, figure for figure."""
import importlib.util

from tests.support.apps import ROOT

SPEC = importlib.util.spec_from_file_location("report_table", ROOT / "bench" / "report_table.py")


def report_table():
    module = importlib.util.module_from_spec(SPEC)
    SPEC.loader.exec_module(module)
    return module


def test_the_performance_page_shows_the_recorded_run():
    assert report_table().main(["--check"]) == 0


def test_a_figure_edited_by_hand_is_caught(tmp_path, capsys):
    module = report_table()
    page = module.DOC.read_text(encoding="utf-8")
    inside = page.split(module.START)[1].split(module.END)[0]
    edited = inside.replace("| service: /v1/help 200 |", "| service: /v1/help 200 (edited) |", 1)
    assert edited != inside
    module.DOC = tmp_path / "performance.md"
    module.DOC.write_text(page.replace(inside, edited), encoding="utf-8")
    module.ROOT = tmp_path
    assert module.main(["--check"]) == 1
    assert "run make perf-docs" in capsys.readouterr().err
