"""Payment batches carry IBANs and move money: finance's pages only."""

import pytest

from kern import roles

PAGES = ["/betalingen/"]


@pytest.mark.parametrize("role", [roles.REVIEWER, roles.DECISION_MAKER])
def test_other_staff_get_a_clear_403_page_instead_of_the_batch_form(staff_client, role):
    client, _ = staff_client(role)
    response = client.get("/betalingen/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Hiervoor heeft u geen recht (betalingen klaarzetten en afhandelen)" in page
    assert 'href="/betalingen/"' not in client.get("/").content.decode()
    assert "Uitvoeringsdatum" not in page


def test_finance_gets_the_batch_form(staff_client):
    client, _ = staff_client(roles.FINANCE)
    response = client.get("/betalingen/")
    assert response.status_code == 200
    assert "Uitvoeringsdatum" in response.content.decode()
    assert 'href="/betalingen/"' in client.get("/").content.decode()
