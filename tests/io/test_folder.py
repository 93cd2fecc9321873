"""A folder of mixed exports read into one table."""

import shutil

from stacey.io.registry import detect, read


def test_folder_of_mixed_exports(fixtures, tmp_path):
    shutil.copytree(fixtures / "convokit", tmp_path / "forum")
    (tmp_path / "chat").mkdir()
    shutil.copy(fixtures / "table" / "posts.jsonl", tmp_path / "chat" / "posts.jsonl")
    (tmp_path / "chat" / "notes.bin").write_bytes(b"\x00\x01")
    (tmp_path / "README.md").write_text("about this folder")
    assert detect(tmp_path).name == "folder"
    assert detect(tmp_path / "forum").name == "convokit"
    res = read(tmp_path, with_rejects=True)
    assert sorted(res.turns["id"]) == ["p1", "p2", "u1", "u2", "u3"]
    assert set(res.turns["meta.format"]) == {"convokit", "table"}
    reasons = res.rejects.set_index("source")["reason"].to_dict()
    assert reasons["chat/notes.bin"] == "unknown-format"
    assert sorted(reasons.values()) == ["empty", "unknown-format", "unparsable", "unparsable"]
    assert res.found == len(res.turns) + len(res.rejects) == 9


def test_same_turn_in_two_files_is_a_duplicate(fixtures, tmp_path):
    shutil.copy(fixtures / "table" / "posts.jsonl", tmp_path / "a.jsonl")
    shutil.copy(fixtures / "table" / "posts.jsonl", tmp_path / "b.jsonl")
    res = read(tmp_path, with_rejects=True)
    assert sorted(res.turns["id"]) == ["p1", "p2"]
    assert (res.rejects["reason"] == "duplicate").sum() == 2
