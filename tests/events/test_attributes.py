"""How the text qualifies a casualty figure: low, best and high."""

from marsad.events.attributes import combine_ranges, count_range


def test_qualifiers_give_low_best_high():
    assert {k: v for k, v in count_range("At least 40 people were killed", 40).items() if k != "reason"} == {
        "low": 40,
        "best": 40,
        "high": None,
    }
    assert count_range("up to 60 were feared dead", 60)["high"] == 60
    assert count_range("up to 60 were feared dead", 60)["low"] is None
    r = count_range("between 10 and 15 soldiers were killed", 10)
    assert (r["low"], r["best"], r["high"]) == (10, 10, 15)
    r = count_range("the blast killed 1,200 people", 1200)
    assert (r["low"], r["best"], r["high"]) == (1200, 1200, 1200)
    r = count_range("militants killed dozens of villagers", 24)
    assert (r["low"], r["best"], r["high"]) == (None, 24, None) and "dozens" in r["reason"]


def test_reports_that_disagree_keep_the_spread():
    r = combine_ranges([count_range("At least 40 killed", 40), count_range("60 were killed", 60)])
    assert (r["low"], r["best"], r["high"]) == (40, 60, 60) and "disagree" in r["reason"]
    same = combine_ranges([count_range("12 killed", 12), count_range("killed 12", 12)])
    assert same["best"] == 12 and "same" in same["reason"]


def test_the_figure_at_a_given_offset_is_read():
    text = "At least 12 soldiers and 12 police were killed"
    assert count_range(text, 12)["low"] == 12 and count_range(text, 12)["high"] is None
    r = count_range(text, 12, at=text.index("12 police"))
    assert (r["low"], r["best"], r["high"]) == (12, 12, 12)


def test_conjuncts_of_a_very_long_list_do_not_recurse(nlp):
    from marsad.events.arguments import conjuncts

    names = [f"Town{i}" for i in range(1500)]
    doc = nlp("Rebels attacked " + ", ".join(names[:-1]) + " and " + names[-1] + ".")
    obj = next(t for t in doc if t.text == "Town0")
    found = conjuncts(obj)
    assert found[0] is obj and len(found) == len({t.i for t in found})
    assert [t.i for t in found] == sorted(t.i for t in found)  # text order, as the recursion gave
