"""Reading and writing the pipeline's tables (budaya_kerja.io.tables)."""

import pandas as pd

from budaya_kerja.io import tables


def test_read_parquet_columns_reads_only_the_accepted_columns_as_written(tmp_path):
    frame = pd.DataFrame({
        "respondent": ["a", "b", "c"], "BP1": pd.array([1, None, 5], dtype="Int8"),
        "flag_speeder": [True, False, True], "BP2": pd.array([2, 3, 4], dtype="Int8"),
    })  # fmt: skip
    path = tmp_path / "responses.parquet"
    tables.write_parquet(frame, path)
    wanted = {"BP2", "BP1", "AK1"}  # AK1 is not in the file: left out, no error
    read = tables.read_parquet_columns(path, lambda c: c in wanted or c.startswith("flag_"))
    assert read.columns.tolist() == ["BP1", "flag_speeder", "BP2"]  # the file's order
    pd.testing.assert_frame_equal(read, frame[["BP1", "flag_speeder", "BP2"]])
