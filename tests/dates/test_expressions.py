from datetime import date

import pytest

from marsad.dates import find_expressions, resolve_expression
from marsad.dates.resolver import DateResolver
from marsad.ingest import document_from_text

ANCHOR = date(2014, 6, 10)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        ("last week", "2014-06-02", "2014-06-08", "week"),
        ("two weeks ago", "2014-05-24", "2014-05-30", "week"),
        ("in April", "2014-04-01", "2014-04-30", "month"),
        ("in July", "2013-07-01", "2013-07-31", "month"),
        ("For about six months", "2013-12-10", "2014-06-10", "range"),
        ("several months ago", "2013-11-10", "2014-03-10", "range"),
        ("in the past few days", "2014-06-06", "2014-06-10", "range"),
        ("yesterday", "2014-06-09", "2014-06-09", "day"),
        ("on Sunday", "2014-06-08", "2014-06-08", "day"),
        ("last month", "2014-05-01", "2014-05-31", "month"),
        ("On 3 May 2021", "2021-05-03", "2021-05-03", "day"),
        ("June 10, 2014", "2014-06-10", "2014-06-10", "day"),
        ("in March 2013", "2013-03-01", "2013-03-31", "month"),
        ("since April", "2014-04-01", "2014-06-10", "range"),
        ("in 2012", "2012-01-01", "2012-12-31", "year"),
        ("3 days ago", "2014-06-07", "2014-06-07", "day"),
    ],
)
def test_resolution(text, start, end, granularity):
    r = resolve_expression(text, ANCHOR)
    assert r is not None
    assert (r.start.isoformat(), r.end.isoformat(), r.granularity) == (start, end, granularity)


def test_offsets_and_no_false_months():
    text = "He may return. Rebels attacked Homs last week, and in April they withdrew."
    found = list(find_expressions(text, ANCHOR))
    assert [f.text for f in found] == ["last week", "in April"]
    for f in found:
        assert text[f.start : f.end] == f.text


def test_no_anchor_leaves_relative_unresolved_with_reason():
    (f,) = find_expressions("Rebels attacked Homs last week.", None)
    assert f.range.start is None and "no article date" in f.range.reason
    (g,) = find_expressions("Rebels attacked Homs on 3 May 2021.", None)
    assert g.range.start == date(2021, 5, 3)


def test_component_fills_time_expressions_in_coded_zones(seed_text):
    doc = DateResolver()(document_from_text(seed_text))
    texts = [t.text for t in doc.time_expressions]
    assert "last week" in texts and "two weeks ago" in texts and "in April" in texts
    assert "Jun 10, 2014" not in texts  # the dateline is not coded text
    for t in doc.time_expressions:
        assert doc.text[t.start : t.end] == t.text
