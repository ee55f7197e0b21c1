import pytest

from kern.models import Borough, District


@pytest.mark.django_db
def test_all_questionnaire_districts_are_loaded_with_their_borough():
    assert Borough.objects.count() == 8
    assert District.objects.count() == 36
    assert District.objects.get(name="Schilderswijk").borough.name == "Centrum"
    assert District.objects.get(name="Moerwijk en Zuiderpark").borough.name == "Escamp"
    assert District.objects.get(name="Duinoord en Zorgvliet").borough.name == "Segbroek"


@pytest.mark.django_db
def test_administrator_can_correct_a_district(administrator_client):
    client, _ = administrator_client
    district = District.objects.get(name="Vogelwijk")
    url = f"/beheer/kern/district/{district.pk}/change/"
    response = client.post(
        url, {"name": "Vogelwijk", "borough": district.borough.pk, "cbs_code": "WK051840"}
    )
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.cbs_code == "WK051840"
