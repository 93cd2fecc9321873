import pytest

from stacey.dynamics.segeval import half_mean_segment, pk, windowdiff


def test_pk_windowdiff_hand_computed():
    ref = [1, 0, 0, 1, 0, 0]  # segments [0-2][3-5]
    hyp = [1, 0, 1, 0, 0, 0]  # boundary one turn early
    # k = 2: pairs (0,2) (1,3) (2,4) (3,5); ref same? T, F, F, T; hyp same? F, F, T, T -> 2 of 4 differ
    assert pk(ref, hyp, k=2) == pytest.approx(0.5)
    # boundary counts ref 0,1,1,0 ; hyp 1,1,0,0 -> 2 of 4 differ
    assert windowdiff(ref, hyp, k=2) == pytest.approx(0.5)
    assert pk(ref, ref, k=2) == 0.0
    # WindowDiff counts a window with two boundaries against one; Pk does not
    assert pk([0, 0, 1, 0], [0, 1, 1, 0], k=2) == 0.0
    assert windowdiff([0, 0, 1, 0], [0, 1, 1, 0], k=2) == pytest.approx(1 / 2)


def test_default_k_is_half_mean_segment_length():
    assert half_mean_segment([0, 0, 0, 0, 1, 0, 0, 0]) == 2  # 8 units, 2 segments -> 2
    assert half_mean_segment([0, 0, 0], min_k=2) == 2
    with pytest.raises(ValueError):
        pk([0, 1], [0, 1, 0])


def test_boundary_recall_hand_computed():
    import pandas as pd

    from stacey.dynamics.segeval import boundary_recall

    turns = pd.DataFrame({"id": [f"t{i}" for i in range(8)], "conversation_id": ["a"] * 5 + ["b"] * 3,
                          "turn": [0, 1, 2, 3, 4, 0, 1, 2]})
    found = pd.DataFrame({"conversation_id": ["a"], "id": ["t4"]})
    planted = pd.DataFrame({"conversation_id": ["a", "a", "b"], "id": ["t1", "t3", "t7"]})
    out = boundary_recall(found, planted, turns, tolerance=2)
    assert out["distance"].tolist()[:2] == [3, 1]
    assert out["hit"].tolist() == [False, True, False]
    assert out["found_id"].isna().tolist() == [False, False, True]
