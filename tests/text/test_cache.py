from stacey.text.cache import AnnotationCache, cache_dir, key


def test_key_depends_on_text_and_every_setting():
    k = key("Det er godt", "da", "stacey", "v1")
    assert k == key("Det er godt", "da", "stacey", "v1")
    assert len({k, key("Det er godt!", "da", "stacey", "v1"), key("Det er godt", "en", "stacey", "v1"),
                key("Det er godt", "da", "vader", "v1"), key("Det er godt", "da", "stacey", "v2")}) == 5
    assert "godt" not in k


def test_store_and_fetch(tmp_path):
    store = AnnotationCache(tmp_path)
    assert store.get_many(["a"]) == {}
    assert store.put_many([("a", ["da", 0.5, 3, "godt"]), ("b", ["en", None, 0, ""])]) == 2
    assert store.get_many(["a", "b", "c"]) == {"a": ["da", 0.5, 3, "godt"], "b": ["en", None, 0, ""]}


def test_cache_dir_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("STACEY_CACHE_DIR", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x"
    monkeypatch.delenv("STACEY_CACHE_DIR")
    assert cache_dir().name == "stacey"
