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
