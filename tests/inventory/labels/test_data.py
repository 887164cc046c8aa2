"""What goes on a label: the hook through which another part of the app (the workshop) adds to it."""

from __future__ import annotations

import pytest

from inventory.labels import data
from inventory.labels.data import add_label_extras, label_data_for


@pytest.fixture
def no_hooks(monkeypatch):
    """Labels as if nothing had registered extras (the app registers the workshop's)."""
    monkeypatch.setattr(data, "LABEL_EXTRAS", [])


def test_a_registered_hook_puts_its_credit_line_and_qr_code_on_the_labels_it_answers_for(app, make_item, no_hooks):
    chosen, other = make_item(price=9900), make_item(price=4900)
    add_label_extras(lambda item: ("Redesign: Amina", "https://example.org/p/1") if item.id == chosen.id else None)
    assert (label_data_for(chosen).designers, label_data_for(chosen).qr_url) == ("Redesign: Amina",
                                                                                 "https://example.org/p/1")
    assert (label_data_for(other).designers, label_data_for(other).qr_url) == ("", None)


def test_the_first_hook_that_answers_wins_and_a_hook_registered_twice_counts_once(app, make_item, no_hooks):
    item = make_item(price=9900)
    calls = []

    def silent(garment):
        calls.append(garment.id)

    add_label_extras(silent)
    add_label_extras(silent)
    add_label_extras(lambda garment: ("Redesign: Sara", None))
    add_label_extras(lambda garment: ("Redesign: Leo", None))
    assert label_data_for(item).designers == "Redesign: Sara"
    assert calls == [item.id]


def test_the_callers_own_credit_line_beats_the_hooks(app, make_item, no_hooks):
    add_label_extras(lambda garment: ("Redesign: Sara", None))
    assert label_data_for(make_item(price=9900), designers="Redesign: Amina").designers == "Redesign: Amina"
