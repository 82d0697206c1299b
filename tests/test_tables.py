"""Reading and writing the pipeline's tables (budaya_kerja.io.tables): Parquet a column at a
time."""

import numpy as np
import pandas as pd

from budaya_kerja.io import tables


def test_read_columns_is_the_whole_read_of_those_rows(tmp_path):
    rng = np.random.default_rng(2)
    n = 500
    frame = pd.DataFrame({
        "respondent": [f"{i:064x}" for i in range(n)],
        "unit": pd.Categorical(rng.choice(["A", "B"], n)),
        "jenis_kelamin": pd.array(rng.choice(["L", "P", None], n), dtype="str"),
        "BP1": pd.array(rng.choice([1, 2, 5, None], n), dtype="Int8"),
        "index": np.where(rng.random(n) < 0.1, np.nan, rng.random(n) * 100),
    })  # fmt: skip
    path = tmp_path / "t.parquet"
    tables.write_parquet(frame, path)
    rows = rng.random(n) < 0.7
    columns = ["index", "respondent", "jenis_kelamin", "BP1", "unit"]
    got = tables.read_columns(path, columns, rows, categorical=("jenis_kelamin",))
    whole = pd.read_parquet(path, columns=columns)[rows].reset_index(drop=True)
    assert isinstance(got["jenis_kelamin"].dtype, pd.CategoricalDtype)
    assert got["jenis_kelamin"].isna().sum() == whole["jenis_kelamin"].isna().sum() > 0
    got["jenis_kelamin"] = got["jenis_kelamin"].astype(whole["jenis_kelamin"].dtype)
    pd.testing.assert_frame_equal(got, whole, check_exact=True)
    pd.testing.assert_frame_equal(
        tables.read_columns(path, columns), pd.read_parquet(path, columns=columns)
    )


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
