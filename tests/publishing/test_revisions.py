"""Proposals as data: laying a row's change over an open proposal, and what counts as no change."""

from publishing import revisions


def test_merge_lays_rows_over_the_open_proposal_by_pk_and_appends_new_ones():
    older = {
        "fields": {"summary": "旧", "name": "名"},
        "inlines": [
            {
                "model": "facilities.facilityphoto",
                "fk": "facility",
                "rows": [
                    {"pk": 1, "delete": False, "fields": {"caption": "一", "order": 1}},
                    {"pk": None, "delete": False, "fields": {"caption": "新一"}},
                ],
            },
        ],
    }
    newer = {
        "fields": {"summary": "新"},
        "inlines": [
            {
                "model": "facilities.facilityphoto",
                "fk": "facility",
                "rows": [
                    {"pk": 1, "delete": False, "fields": {"caption": "改"}},
                    {"pk": None, "delete": False, "fields": {"caption": "新二"}},
                ],
            },
            {"model": "facilities.openingperiod", "fk": "facility", "rows": [{"pk": 7, "delete": True, "fields": {}}]},
        ],
    }
    merged = revisions.merge(older, newer)
    assert merged["fields"] == {"summary": "新", "name": "名"}
    photos, periods = merged["inlines"]
    assert photos["rows"] == [
        {"pk": 1, "delete": False, "fields": {"caption": "改", "order": 1}},
        {"pk": None, "delete": False, "fields": {"caption": "新一"}},
        {"pk": None, "delete": False, "fields": {"caption": "新二"}},
    ]
    assert periods["rows"] == [{"pk": 7, "delete": True, "fields": {}}]
    assert older["inlines"][0]["rows"][0]["fields"] == {"caption": "一", "order": 1}  # the input is not changed


def test_empty_data_is_no_change():
    assert revisions.is_empty({"fields": {}, "inlines": []})
    assert not revisions.is_empty({"fields": {"summary": "x"}, "inlines": []})
