"""Household letters as a print run: PDF parts for the printer, a list for the mail house."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from kern import roles
from tests.factories import PassHolderFactory, StaffFactory, VoucherTermsFactory
from tests.vouchers.helpers import born
from vouchers import letters, passholder_file
from vouchers.models import PassHolder, PrintRun, PrintRunState, Voucher
from vouchers.services import issuing, printing

# Real commits: the parts are scheduled when the run is committed, as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LETTER_DATE = date(2026, 9, 1)


def _households(count, *, children_every=10, start=0, **address):
    """`count` households of one child each, every tenth with a second child."""
    holders = []
    for number in range(start, start + count):
        for child in range(2 if number % children_every == 0 else 1):
            holders.append(
                PassHolderFactory.build(
                    pass_number=f"{800000 + 10 * number + child}",
                    household_number=f"H{number:05d}",
                    name=f"Kind{child} Gezin{number}",
                    date_of_birth=born(13),
                    postcode=f"25{number % 100:02d} AB",
                    house_number=str(number + 1),
                    **address,
                )
            )
    PassHolder.objects.bulk_create(holders)


@pytest.fixture
def round_of_vouchers(db):
    terms = VoucherTermsFactory(ceiling=Decimal("500000"))
    return terms, StaffFactory(role=roles.ADMINISTRATOR)


def _start(client, terms, **data):
    data = {"scope": "nieuw", "households": "", "letter_date": LETTER_DATE.isoformat(), **data}
    return client.post(reverse("print_runs", args=[terms.pk]), data, follow=True)


def _pdf_text(content, pages):
    reader = PdfReader(io.BytesIO(content))
    return [reader.pages[number].extract_text() for number in pages], len(reader.pages)


def test_a_print_run_for_a_thousand_households(round_of_vouchers, staff_client):
    terms, _ = round_of_vouchers
    _households(1000, street="Hoefkade", city="Den Haag")
    _households(2, start=5000, street="", city="")
    client, administrator = staff_client(roles.ADMINISTRATOR)
    issuing.issue_vouchers(administrator, terms)
    page = client.get(reverse("print_runs", args=[terms.pk]))
    assert "<strong>1.002</strong> huishoudens" in page.content.decode()

    response = _start(client, terms)

    run = PrintRun.objects.get()
    assert run.state == PrintRunState.DONE
    assert response.redirect_chain[-1][0] == reverse("print_run", args=[run.pk])
    body = response.content.decode()
    assert "H05000" in body and "H05001" in body  # said which households lack an address
    assert "Deel 1 (PDF, 1.000 brieven)" in body
    [part] = run.files.all()
    pdf = client.get(reverse("print_file", args=[run.pk, 1]))
    mail_list = client.get(reverse("print_mail_list", args=[run.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    content = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    rows = list(csv.reader(io.StringIO(mail_list.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == printing.MAIL_LIST_HEADER
    assert len(rows) == 1001
    pages = [int(row[6]) for row in rows[1:]]
    last_letter_start = sum(pages[:-1])
    texts, total_pages = _pdf_text(content, [0, last_letter_start])
    assert total_pages == sum(pages)
    assert set(pages) <= {1, 2}
    for text, row in ((texts[0], rows[1]), (texts[1], rows[-1])):
        reference, name_line, street, house_number, postcode, city, _, file_name = row
        for expected in (
            name_line,
            f"{street} {house_number}",
            f"{postcode}  {city.upper()}".replace("  ", " "),
            "Datum: 1 september 2026",
            f"Kenmerk: {reference}",
            "Gemeente Den Haag",
            "Postbus 12652",
        ):
            assert expected in text.replace("  ", " ")
        assert file_name == part.file.name.rsplit("/", 1)[-1]
    # Letters go out in postcode order, numbered in that order.
    assert [row[4] for row in rows[1:]] == sorted(row[4] for row in rows[1:])
    assert rows[1][0] == f"V{terms.pk}-{run.pk}-00001"
    # A household with two children gets one letter with both codes.
    two = next(row for row in rows[1:] if row[1].endswith("Kind1 Gezin0"))
    assert two[1] == "De ouders of verzorgers van Kind0 Gezin0 en Kind1 Gezin0"
    assert Voucher.objects.filter(print_run=run).count() == 1100
    assert Voucher.objects.filter(print_run__isnull=True).count() == 3  # H05000 has two


def test_the_letter_holds_the_objection_clause_for_its_decision(round_of_vouchers):
    terms, administrator = round_of_vouchers
    _households(1, street="Spui", city="Den Haag")
    issuing.issue_vouchers(administrator, terms)
    run = printing.start_print_run(administrator, terms, letter_date=LETTER_DATE)
    with run.files.get().file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(handle).pages)
    assert "bezwaar maken" in text
    assert "uiterlijk op 13 oktober 2026" in text  # Awb 6:7, 6:8: six weeks after sending
    assert terms.scheme.objection_body in " ".join(text.split())


def test_parts_hold_at_most_the_set_number_of_letters(round_of_vouchers, monkeypatch):
    terms, administrator = round_of_vouchers
    monkeypatch.setattr(printing, "LETTERS_PER_FILE", 3)
    monkeypatch.setattr("vouchers.models.letters.LETTERS_PER_FILE", 3)
    _households(7, street="Spui", city="Den Haag")
    issuing.issue_vouchers(administrator, terms)
    run = printing.start_print_run(administrator, terms, letter_date=LETTER_DATE)
    run.refresh_from_db()
    assert run.state == PrintRunState.DONE
    assert [(printed.part, printed.letters) for printed in run.files.all()] == [
        (0, 3),
        (1, 3),
        (2, 1),
    ]
    with run.mail_list.open("rb") as handle:
        lines = handle.read().decode("utf-8-sig").splitlines()
    assert len(lines) == 8
    assert [line.split(";")[0] for line in lines[1:]] == [
        f"V{terms.pk}-{run.pk}-{number:05d}" for number in range(1, 8)
    ]


def test_a_second_click_prints_nothing_twice(round_of_vouchers, staff_client):
    terms, _ = round_of_vouchers
    _households(3, street="Spui", city="Den Haag")
    client, administrator = staff_client(roles.ADMINISTRATOR)
    issuing.issue_vouchers(administrator, terms)
    _start(client, terms)
    response = _start(client, terms)
    assert PrintRun.objects.count() == 1
    assert "geen vouchers waarvoor nog een brief" in response.content.decode()


def test_a_selection_prints_one_households_letter_again(round_of_vouchers, staff_client):
    terms, _ = round_of_vouchers
    _households(3, street="Spui", city="Den Haag")
    client, administrator = staff_client(roles.ADMINISTRATOR)
    issuing.issue_vouchers(administrator, terms)
    _start(client, terms)
    _start(client, terms, scope="selectie", households="H00001")
    again = PrintRun.objects.order_by("-pk").first()
    assert again.households == ["H00001"]
    assert again.state == PrintRunState.DONE
    response = _start(client, terms, scope="selectie", households="  ")
    assert "Vul minstens één huishoudnummer in" in response.content.decode()


def test_without_any_address_the_run_says_so(round_of_vouchers, staff_client):
    terms, _ = round_of_vouchers
    _households(2, street="", city="")
    client, administrator = staff_client(roles.ADMINISTRATOR)
    issuing.issue_vouchers(administrator, terms)
    response = _start(client, terms)
    assert "Van geen van de 2 huishoudens is het adres bekend" in response.content.decode()
    assert not PrintRun.objects.exists()


def test_a_failed_part_fails_the_run_and_a_retry_finishes_it(
    round_of_vouchers, staff_client, monkeypatch
):
    terms, _ = round_of_vouchers
    _households(2, street="Spui", city="Den Haag")
    client, administrator = staff_client(roles.ADMINISTRATOR)
    issuing.issue_vouchers(administrator, terms)
    real = letters.letter_file

    def broken(batch):
        raise OSError("disk full")

    monkeypatch.setattr(letters, "letter_file", broken)
    response = _start(client, terms)
    run = PrintRun.objects.get()
    assert run.state == PrintRunState.FAILED
    assert "Deel 1 kon niet worden gemaakt" in response.content.decode()
    assert not run.mail_list

    monkeypatch.setattr(letters, "letter_file", real)
    client.post(reverse("print_run_retry", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == PrintRunState.DONE
    assert run.files.count() == 1


def test_a_part_handed_out_twice_is_rendered_once(round_of_vouchers):
    terms, administrator = round_of_vouchers
    _households(2, street="Spui", city="Den Haag")
    issuing.issue_vouchers(administrator, terms)
    run = printing.start_print_run(administrator, terms, letter_date=LETTER_DATE)
    printing.print_part(run.pk, 0)  # a worker killed after its work: the task comes again
    run.refresh_from_db()
    assert run.files.count() == 1
    assert run.letters_done == 2


def test_the_households_without_an_address_come_as_a_workbook_per_child(
    round_of_vouchers, staff_client
):
    terms, _ = round_of_vouchers
    _households(3, street="Hoefkade", city="Den Haag")
    _households(2, start=5000, street="", city="")  # H05000 has two children
    client, administrator = staff_client(roles.ADMINISTRATOR)
    issuing.issue_vouchers(administrator, terms)
    _start(client, terms)
    run = PrintRun.objects.get()

    page = client.get(reverse("print_run", args=[run.pk])).content.decode()
    link = reverse("print_run_unaddressed", args=[run.pk])
    assert f'href="{link}"' in page
    response = client.get(link)

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Huishouden", "Pasnummer", "Naam kind", "Postcode", "Huisnummer"]
    assert rows[1:] == [
        ["H05000", "850000", "Kind0 Gezin5000", "2500 AB", "5001"],
        ["H05000", "850001", "Kind1 Gezin5000", "2500 AB", "5001"],
        ["H05001", "850010", "Kind0 Gezin5001", "2501 AB", "5002"],
    ]
    reviewer, _ = staff_client(roles.REVIEWER)
    assert reviewer.get(link).status_code == 403


def test_the_page_names_at_most_200_households_without_an_address(round_of_vouchers, staff_client):
    terms, _ = round_of_vouchers
    _households(1, street="Hoefkade", city="Den Haag")
    _households(205, start=1000, children_every=1000, street="", city="")
    client, administrator = staff_client(roles.ADMINISTRATOR)
    issuing.issue_vouchers(administrator, terms)
    _start(client, terms)

    page = client.get(reverse("print_run", args=[PrintRun.objects.get().pk])).content.decode()
    named = [f"H{number:05d}" for number in range(1000, 1205) if f"H{number:05d}<" in page]
    assert len(named) == 200
    assert "En nog 5 huishoudens: zie het Excel-bestand." in page


def test_print_runs_are_for_administrators_only(round_of_vouchers, staff_client):
    terms, _ = round_of_vouchers
    client, _ = staff_client(roles.REVIEWER)
    assert client.get(reverse("print_runs", args=[terms.pk])).status_code == 403


def test_the_pass_holder_file_may_carry_street_and_city():
    cells = [
        (
            1,
            [
                "Pasnr",
                "Huishouden",
                "Naam",
                "Geb.datum",
                "Postcode",
                "Huisnr",
                "Straatnaam",
                "Plaats",
                "Geldig van",
                "Geldig t/m",
            ],
        ),
        (
            2,
            [
                "123456",
                "H1",
                "Sara",
                "01-02-2012",
                "2525bc",
                "4",
                "Hoefkade",
                "Den Haag",
                "01-01-2026",
                "31-12-2026",
            ],
        ),
        (
            3,
            [
                "123457",
                "H1",
                "Omar",
                "01-02-2013",
                "2525bc",
                "4",
                "",
                "",
                "01-01-2026",
                "31-12-2026",
            ],
        ),
    ]
    rows, problems = passholder_file.parse(cells, r"^[0-9]{6}$")
    assert problems == []
    assert (rows[0].street, rows[0].city) == ("Hoefkade", "Den Haag")
    assert (rows[1].street, rows[1].city) == ("", "")


@pytest.mark.django_db  # not transactional: the captured parts are never run
def test_a_run_that_lost_its_worker_is_failed_and_can_be_finished(
    round_of_vouchers, django_capture_on_commit_callbacks
):
    terms, administrator = round_of_vouchers
    _households(2, street="Spui", city="Den Haag")
    issuing.issue_vouchers(administrator, terms)
    with django_capture_on_commit_callbacks() as scheduled:  # the worker never runs them
        run = printing.start_print_run(administrator, terms, letter_date=LETTER_DATE)
    assert len(scheduled) == 1
    printing.fail_stuck_runs(timezone.now() + timedelta(minutes=10))
    run.refresh_from_db()
    assert run.state == PrintRunState.PRINTING  # not yet: a part may take a while
    printing.fail_stuck_runs(timezone.now() + timedelta(hours=1))
    run.refresh_from_db()
    assert run.state == PrintRunState.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        printing.retry(administrator, run)
    run.refresh_from_db()
    assert run.state == PrintRunState.DONE
