"""Loads the Den Haag boroughs and the districts the provider questionnaire names.

Source: seed 000, appendix 1, question 2, and shared reference wijken.md. Administrators can
correct names, boroughs and CBS codes afterwards; this only creates what is missing.
"""

from django.db import migrations

BOROUGHS = {
    "Centrum": [
        "Archipelbuurt en Willemspark",
        "Centrum",
        "Schilderswijk",
        "Stationsbuurt",
        "Transvaal en Groente- en Fruitmarkt",
        "Zeeheldenkwartier",
    ],
    "Escamp": [
        "Bouwlust en Vrederust",
        "Leyenburg",
        "Moerwijk en Zuiderpark",
        "Morgenstond",
        "Rustenburg en Oostbroek",
        "Wateringse Veld",
    ],
    "Haagse Hout": ["Benoordenhout", "Bezuidenhout", "Mariahoeve en Haagse Bos", "Marlot"],
    "Laak": ["Laakkwartier, Spoorwijk en Binckhorst"],
    "Leidschenveen-Ypenburg": ["Leidschenveen en Forepark", "Ypenburg en Hoornwijk"],
    "Loosduinen": [
        "Bohemen en Meer en Bos",
        "Kijkduin en Ockenburgh",
        "Kraayenstein",
        "Loosduinen",
        "Waldeck",
    ],
    "Scheveningen": [
        "Duindorp",
        "Duttendel, Belgisch- en Van Stolkpark",
        "Geuzen- en Statenkwartier",
        "Norfolk",
        "Scheveningen Bad, Dorp en Haven",
        "Zorgvliet",
    ],
    "Segbroek": [
        "Bomen- en Bloemenbuurt",
        "Duinoord en Zorgvliet",
        "Regentessekwartier",
        "Valkenboskwartier en Heesterbuurt",
        "Vogelwijk",
        "Vruchtenbuurt",
    ],
}


def load(apps, schema_editor):
    Borough = apps.get_model("kern", "Borough")
    District = apps.get_model("kern", "District")
    for borough_name, district_names in BOROUGHS.items():
        borough, _ = Borough.objects.get_or_create(name=borough_name)
        for name in district_names:
            District.objects.get_or_create(name=name, defaults={"borough": borough})


class Migration(migrations.Migration):
    dependencies = [("kern", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
