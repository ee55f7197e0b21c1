"""Payment batches carry IBANs and move money: finance makes them, administrators may look,
nobody else sees them."""

import pytest

from kern import roles

PAGES = ["/betalingen/"]


@pytest.mark.parametrize("role", [roles.REVIEWER, roles.DECISION_MAKER])
def test_other_staff_get_a_clear_403_page_instead_of_the_batch_form(staff_client, role):
    client, _ = staff_client(role)
    response = client.get("/betalingen/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Hiervoor heeft u geen recht (betaalbatches bekijken)" in page
    assert 'href="/betalingen/"' not in client.get("/").content.decode()
    assert "Uitvoeringsdatum" not in page


def test_finance_gets_the_batch_form(staff_client):
    client, _ = staff_client(roles.FINANCE)
    response = client.get("/betalingen/")
    assert response.status_code == 200
    assert "Uitvoeringsdatum" in response.content.decode()
    assert 'href="/betalingen/"' in client.get("/").content.decode()


def test_administrators_see_batches_but_cannot_make_one(staff_client):
    client, _ = staff_client(roles.ADMINISTRATOR)
    page = client.get("/betalingen/").content.decode()
    assert "Betaalbatches" in page and "Controleren" not in page
    assert 'href="/betalingen/"' in client.get("/").content.decode()
    refused = client.post("/betalingen/", {"execution_date": "2030-01-02", "item": ["advance:1"]})
    assert refused.status_code == 403
