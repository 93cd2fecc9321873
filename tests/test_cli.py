"""The command line: read, formats, export; errors exit non-zero with file and place."""

import subprocess
import sys

import pandas as pd

from stacey.cli import main

MAP = "id=msg_id,speaker=author,reply_to=parent,timestamp=sent,text=body"


def test_read_writes_turns_and_rejects(fixtures, tmp_path, capsys):
    out, rej = tmp_path / "t.parquet", tmp_path / "r.parquet"
    code = main(["read", str(fixtures / "table" / "partly_bad.csv"), "--map", MAP, "-o", str(out), "--rejects", str(rej)])
    assert code == 0
    turns, rejects = pd.read_parquet(out), pd.read_parquet(rej)
    assert len(turns) == 3 and len(rejects) == 5
    assert "8 items found, 3 turns, 5 rejected" in capsys.readouterr().out


def test_read_convokit_folder(fixtures, tmp_path):
    assert main(["read", str(fixtures / "convokit"), "-o", str(tmp_path / "t.parquet")]) == 0
    assert len(pd.read_parquet(tmp_path / "t.parquet")) == 3


def test_malformed_file_exits_nonzero_naming_file_and_line(fixtures, tmp_path, capsys):
    code = main(["read", str(fixtures / "table" / "malformed.csv"), "-o", str(tmp_path / "t.parquet")])
    err = capsys.readouterr().err
    assert code == 2
    assert "malformed.csv, line" in err and "expected well-formed CSV" in err
    assert not (tmp_path / "t.parquet").exists()


def test_formats_lists_readers(capsys):
    assert main(["formats"]) == 0
    out = capsys.readouterr().out
    assert "table" in out and "convokit" in out


def test_export_convokit(fixtures, tmp_path):
    code = main(["export", str(fixtures / "table" / "chat.csv"), "--map", MAP, "--format", "convokit",
                 "-o", str(tmp_path / "ck")])
    assert code == 0 and (tmp_path / "ck" / "utterances.jsonl").is_file()


def test_python_dash_m_entry_point(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "stacey", "formats"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "table" in proc.stdout


def test_read_with_privacy_flags_is_stable_with_a_key_file(fixtures, tmp_path):
    key = tmp_path / "key"
    key.write_text("a secret\n")
    outs = []
    for n in (1, 2):
        out = tmp_path / f"t{n}.parquet"
        assert main(["read", str(fixtures / "table" / "chat.csv"), "--map", MAP, "-o", str(out),
                     "--pseudonymise", "--redact", "--key-file", str(key),
                     "--pseudonym-map", str(tmp_path / "map.csv")]) == 0
        outs.append(pd.read_parquet(out))
    assert outs[0]["speaker"].tolist() == outs[1]["speaker"].tolist()
    assert "ann" not in outs[0]["speaker"].tolist()
    assert not outs[0]["text"].str.contains("Ann").any()
    assert set(pd.read_csv(tmp_path / "map.csv")["speaker"]) == {"ann", "bo", "cy", "dan"}


def test_empty_key_file_is_a_clear_error(fixtures, tmp_path, capsys):
    key = tmp_path / "key"
    key.write_text("")
    code = main(["read", str(fixtures / "table" / "chat.csv"), "--map", MAP, "-o", str(tmp_path / "t.parquet"),
                 "--pseudonymise", "--key-file", str(key)])
    assert code == 2 and "key file is empty" in capsys.readouterr().err
