import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from kern import roles
from tests.factories import StaffFactory
from vouchers.models import PassHolder, PassHolderImport, PassNumberRule

pytestmark = pytest.mark.django_db

HEADER = [
    "Pasnummer",
    "Huishoudnummer",
    "Naam",
    "Geboortedatum",
    "Postcode",
    "Huisnummer",
    "Geldig vanaf",
    "Geldig tot",
]
ROWS = [
    [
        "1000001",
        "H1",
        "Amira Test",
        date(2012, 5, 1),
        "2525 BC",
        "12",
        date(2026, 1, 1),
        date(2026, 12, 31),
    ],
    [
        "1000002",
        "H1",
        "Bilal Test",
        date(2010, 3, 9),
        "2525 BC",
        "12",
        date(2026, 1, 1),
        date(2026, 12, 31),
    ],
    [
        "1000003",
        "H2",
        "Chloe Test",
        date(2011, 8, 20),
        "2532PK",
        "7a",
        date(2026, 1, 1),
        date(2026, 12, 31),
    ],
]


def xlsx(rows, name="pashouders.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(lines, name="pashouders.csv"):
    text = ";".join(HEADER) + "\n" + "\n".join(";".join(line) for line in lines) + "\n"
    return SimpleUploadedFile(name, text.encode())


@pytest.fixture
def officer(staff_client):
    client, user = staff_client(roles.ADMINISTRATOR)
    return client


def _upload(client, uploaded, capture):
    with capture(execute=True):
        response = client.post(reverse("passholder_imports"), {"file": uploaded})
    return response, PassHolderImport.objects.order_by("-pk").first()


def _apply(client, batch, capture, skip_invalid=False, allow_mass_gone=False):
    data = {"skip_invalid": "on"} if skip_invalid else {}
    if allow_mass_gone:
        data["allow_mass_gone"] = "on"
    with capture(execute=True):
        return client.post(reverse("passholder_import_start", args=[batch.pk]), data, follow=True)


def test_dry_run_then_import_then_newer_file(officer, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    first_file = xlsx(ROWS)
    response, batch = _upload(officer, first_file, capture)
    assert response["Location"] == reverse("passholder_import", args=[batch.pk])
    page = officer.get(response["Location"]).content.decode()
    assert "Wat er zou gebeuren" in page
    assert batch.counts == {
        "new": 3,
        "changed": 0,
        "unchanged": 0,
        "rows": 3,
        "gone": 0,
        "gone_with_voucher": 0,
        "active": 0,
        "invalid": 0,
    }
    assert not PassHolder.objects.exists()  # the dry run writes nothing

    _apply(officer, batch, capture)
    assert PassHolder.objects.filter(active=True).count() == 3
    assert PassHolder.objects.get(pass_number="1000003").postcode == "2532 PK"

    first_file.seek(0)
    again, _ = _upload(officer, SimpleUploadedFile("nogmaals.xlsx", first_file.read()), capture)
    page = officer.get(again["Location"]).content.decode()
    assert "al eens ingelezen" in page and "verandert niets" in page

    newer = [ROWS[0], [*ROWS[1][:5], "14", *ROWS[1][6:]]]
    _, batch = _upload(officer, xlsx(newer, "pashouders-juni.xlsx"), capture)
    assert batch.counts == {
        "new": 0,
        "changed": 1,
        "unchanged": 1,
        "rows": 2,
        "gone": 1,
        "gone_with_voucher": 0,
        "active": 3,
        "invalid": 0,
    }
    _apply(officer, batch, capture, allow_mass_gone=True)
    assert PassHolder.objects.get(pass_number="1000002").house_number == "14"
    gone = PassHolder.objects.get(pass_number="1000003")
    assert gone.active is False  # kept, but no longer valid


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(
    officer, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    bad = [
        ROWS[0],
        ["1000002", "H1", "Bilal", "31-02-2012", "2525 BC", "12", "01-01-2026", "31-12-2026"],
        [
            "1000001",
            "H1",
            "Dubbel",
            date(2012, 5, 1),
            "2525 BC",
            "12",
            date(2026, 1, 1),
            date(2026, 12, 31),
        ],
        [
            "1000004",
            "",
            "Leeg",
            date(2012, 5, 1),
            "2525 BC",
            "12",
            date(2026, 1, 1),
            date(2026, 12, 31),
        ],
        [
            "1000005",
            "H3",
            '=HYPERLINK("http://x")',
            date(2012, 5, 1),
            "2525 BC",
            "1",
            date(2026, 1, 1),
            date(2026, 12, 31),
        ],
        [
            "1000006",
            "H3",
            "Eva",
            date(2012, 5, 1),
            "2525 BC",
            "1",
            date(2026, 12, 31),
            date(2026, 1, 1),
        ],
    ]
    _, batch = _upload(officer, xlsx(bad), capture)
    assert batch.counts["invalid"] == 5
    reasons = dict(batch.problems)
    assert "geen datum" in reasons[3]
    assert "staat ook op regel 2" in reasons[4]
    assert "huishoudnummer is leeg" in reasons[5]
    assert "formule" in reasons[6]
    assert "vóór geldig vanaf" in reasons[7]
    page = officer.get(reverse("passholder_import", args=[batch.pk])).content.decode()
    assert "staat ook op regel 2" in page

    refused = _apply(officer, batch, capture)
    assert "ongeldige regels" in refused.content.decode()
    assert not PassHolder.objects.exists()

    _apply(officer, batch, capture, skip_invalid=True)
    assert list(PassHolder.objects.values_list("pass_number", flat=True)) == ["1000001"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("groot.csv", b"x" * (20 * 1024 * 1024), "te groot"),
        ("lijst.xlsx", b"%PDF-1.4 geen spreadsheet", "geen Excel-bestand"),
        ("lijst.pdf", b"%PDF-1.4", "geen Excel-bestand"),
        ("lijst.csv", b"\x00\x01\x02binary", "geen Excel-bestand"),
    ],
)
def test_files_that_are_no_spreadsheet_are_refused(officer, name, content, message):
    response = officer.post(
        reverse("passholder_imports"), {"file": SimpleUploadedFile(name, content)}
    )
    assert message in response.content.decode()
    assert not PassHolderImport.objects.exists()


def test_missing_columns_fail_the_check_with_a_clear_message(
    officer, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("lijst.csv", b"pasnummer;naam\n1000001;Amira\n")
    _, batch = _upload(officer, upload, django_capture_on_commit_callbacks)
    assert batch.state == "failed"
    assert "ontbreken: huishoudnummer" in batch.message


def test_reimporting_the_same_data_changes_nothing(officer, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    lines = [["1000001", "H1", "Amira", "01-05-2012", "2525 BC", "12", "01-01-2026", "31-12-2026"]]
    _, batch = _upload(officer, csv_file(lines), capture)
    _apply(officer, batch, capture)
    before = PassHolder.objects.get().updated_at
    # Same rows, other bytes (a trailing empty line), so not caught as the same file.
    again = SimpleUploadedFile("kopie.csv", csv_file(lines).read() + b"\n")
    _, batch = _upload(officer, again, capture)
    assert batch.counts["unchanged"] == 1 and batch.counts["new"] == batch.counts["changed"] == 0
    _apply(officer, batch, capture)
    assert PassHolder.objects.get().updated_at == before


def test_pass_number_pattern_is_set_by_administrators(officer, django_capture_on_commit_callbacks):
    PassNumberRule.objects.create(pattern=r"^OP[0-9]{7}$", description="OP en 7 cijfers")
    _, batch = _upload(officer, xlsx(ROWS[:1]), django_capture_on_commit_callbacks)
    assert batch.problems == [[2, "pasnummer 1000001 heeft niet de juiste vorm"]]


def test_only_administrators_import(staff_client):
    client, _ = staff_client(roles.REVIEWER)
    assert client.get(reverse("passholder_imports")).status_code == 403


def test_command_checks_and_imports(tmp_path, capsys):
    StaffFactory(username="beheer", role=roles.ADMINISTRATOR)
    path = tmp_path / "pashouders.csv"
    path.write_bytes(
        csv_file(
            [["1000001", "H1", "Amira", "2012-05-01", "2525BC", "1", "2026-01-01", "2026-12-31"]]
        ).read()
    )
    call_command("import_passholders", str(path), "--user", "beheer", "--apply")
    assert "'new': 1" in capsys.readouterr().out
    assert PassHolder.objects.get().postcode == "2525 BC"


def test_administrators_find_the_import_on_their_home_page(officer):
    assert reverse("passholder_imports") in officer.get("/").content.decode()
