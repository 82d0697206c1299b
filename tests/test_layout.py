"""The data source of a project: real exports, or the shipped demo while there are none."""

from budaya_kerja.io import layout

CONFIG = {"demo": "auto", "demo_dir": "data/contoh", "raw_dir": "data/raw",
          "processed_dir": "data/processed", "reports_dir": "reports"}  # fmt: skip


def test_the_demo_while_data_raw_holds_no_year_then_the_real_data(tmp_path):
    repo = tmp_path / "repo"
    (tmp_path / "data" / "raw" / "2025").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "README.md").write_text("x")
    (tmp_path / "data" / "raw" / "2025" / "README.md").write_text("x")  # not an input
    demo = layout.data_layout(CONFIG, repo, tmp_path)
    assert demo == layout.Layout(True, str(repo / "data/contoh"), "data/processed/contoh",
                                 "reports/contoh", "logs/contoh")  # fmt: skip
    (tmp_path / "data" / "raw" / "2025" / "survei.csv").write_text("x")
    assert layout.year_folders(tmp_path / "data" / "raw") == [2025]
    real = layout.data_layout(CONFIG, repo, tmp_path)
    assert real == layout.Layout(False, "data/raw", "data/processed", "reports", "logs")
    assert layout.data_layout({**CONFIG, "demo": "always"}, repo, tmp_path).demo
    (tmp_path / "data" / "contoh").mkdir()  # a local demo folder wins over the repo's
    assert layout.data_layout({**CONFIG, "demo": "always"}, repo, tmp_path).raw == "data/contoh"
