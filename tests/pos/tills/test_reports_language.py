"""Legal reports stay in the shop's legal languages whatever language the person at the till reads."""

from __future__ import annotations


def test_an_arabic_speaking_cashier_gets_the_x_report_in_swedish_with_category_names(
        make_person, login, open_till, make_item):
    from pos.campaigns.prices import LineRequest
    from pos.sales import services as sale_services
    from pos.sales.services import PaymentRequest

    cashier = make_person("counter", username="nour", language="ar")
    dress = make_item(price=12000, category="dresses")
    sale_services.ring_up(open_till.id, [LineRequest(code=dress.code)], [PaymentRequest("cash", 20000)], by=cashier)
    page = login(cashier).get(f"/till/{open_till.id}/x-report").get_data(as_text=True)
    assert '<html lang="sv" dir="ltr">' in page
    assert "Klänningar" in page and ">dresses<" not in page


def test_an_english_speaking_supervisor_reads_the_report_in_english(supervisor, login, open_till):
    from boutique import services as people

    people.update_profile(supervisor, display_name=supervisor.display_name, language="en", large_text=False)
    page = login(supervisor).get(f"/till/{open_till.id}/x-report").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page
