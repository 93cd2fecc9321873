import shutil
from pathlib import Path

import pandas as pd

from stacey.cli import main

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures/text/turns_mixed.csv"


def test_annotate_csv_to_parquet_with_sentences(tmp_path, capsys):
    src = tmp_path / "turns.csv"
    shutil.copy(FIXTURE, src)
    out = tmp_path / "out.parquet"
    sent = tmp_path / "sentences.csv"
    assert main(["annotate", str(src), "-o", str(out), "--lang", "da", "--sentences", str(sent), "--quiet"]) == 0
    table = pd.read_parquet(out)
    assert {"lang", "sentiment", "lemmas", "n_words"} <= set(table.columns)
    assert table.set_index("id").loc["t4", "lang"] == "da"
    assert len(pd.read_csv(sent)) >= len(table)
    assert "6 turns annotated" in capsys.readouterr().out


def test_annotate_jsonl_and_bad_input(tmp_path, capsys):
    src = tmp_path / "turns.jsonl"
    pd.read_csv(FIXTURE).to_json(src, orient="records", lines=True, force_ascii=False)
    assert main(["annotate", str(src), "-o", str(tmp_path / "o.csv"), "--backend", "afinn", "--no-cache"]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["annotate", str(bad), "-o", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert "bad.csv" in err and "'id' and 'text'" in err


def test_parquet_written_in_chunks_is_the_whole_table(tmp_path, monkeypatch, capsys):
    import pyarrow.parquet as pq

    from stacey.cli import annotate as command
    from stacey.io.tables import write_table
    from stacey.text.annotate import annotate

    base = pd.read_csv(FIXTURE)
    big = pd.concat([base] * 5, ignore_index=True).assign(
        id=lambda d: [f"x{i}" for i in range(len(d))],
        **{"meta.mixed": lambda d: [None if i < 8 else (i if i % 2 else "s") for i in range(len(d))]})
    src = tmp_path / "big.jsonl"  # JSON keeps the mixed column mixed (an object column Arrow cannot store as is)
    big.to_json(src, orient="records", lines=True, force_ascii=False)
    read = pd.read_json(src, lines=True)
    assert read["meta.mixed"].dtype == object
    whole = tmp_path / "whole.parquet"
    write_table(annotate(read, cache=False), whole)
    monkeypatch.setattr(command, "CHUNK_ROWS", 7)
    out = tmp_path / "out.parquet"
    sent = tmp_path / "sentences.parquet"
    assert main(["annotate", str(src), "-o", str(out), "--no-cache", "--quiet", "--sentences", str(sent)]) == 0
    assert pq.ParquetFile(out).metadata.num_row_groups == 5
    assert pq.read_schema(out).equals(pq.read_schema(whole), check_metadata=True)
    pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(whole), check_exact=True)
    assert f"{len(big)} turns annotated" in capsys.readouterr().out
    assert pd.read_parquet(sent)["id"].nunique() == len(big)
    csv = tmp_path / "out.csv"
    assert main(["annotate", str(src), "-o", str(csv), "--no-cache", "--quiet"]) == 0
    write_table(annotate(read, cache=False), tmp_path / "ref.csv")
    assert csv.read_text(encoding="utf-8") == (tmp_path / "ref.csv").read_text(encoding="utf-8")
