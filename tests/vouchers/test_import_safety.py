"""The pass-holder import never does harm by accident: not with a partial file, an old
preview, a repeated file, an unreadable file, a crashed or killed worker, numbers that lost
their zeros, odd dates, or the pass office's own column names."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from kern import roles
from tests.factories import StaffFactory, VoucherTermsFactory
from tests.vouchers.helpers import born
from tests.vouchers.test_passholder_import import HEADER, ROWS, csv_file, xlsx
from vouchers import tasks
from vouchers.models import ImportState, PassHolder, PassHolderImport, PassNumberRule
from vouchers.services import issuing, passholder_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return StaffFactory(role=roles.ADMINISTRATOR)


def dry_run(officer, uploaded):
    batch = passholder_import.upload(officer, uploaded, background=False)
    passholder_import.check(batch.pk)
    return PassHolderImport.objects.get(pk=batch.pk)


def apply(officer, batch, **choices):
    passholder_import.start_import(officer, batch, False, background=False, **choices)
    passholder_import.run_import(batch.pk)
    return PassHolderImport.objects.get(pk=batch.pk)


def full_import(officer, rows=ROWS, name="pashouders.xlsx"):
    return apply(officer, dry_run(officer, xlsx(rows, name)), allow_mass_gone=True)


def test_a_file_with_only_headings_marks_nobody_gone_without_a_confirmation(officer):
    full_import(officer)
    empty = dry_run(officer, xlsx([], "leeg.xlsx"))
    assert (empty.counts["gone"], empty.counts["active"]) == (3, 3)
    with pytest.raises(Exception, match="3 van de 3 pashouders als vertrokken"):
        apply(officer, empty)
    assert PassHolder.objects.filter(active=True).count() == 3
    done = apply(officer, empty, allow_mass_gone=True)
    assert done.state == ImportState.DONE
    assert not PassHolder.objects.filter(active=True).exists()


def test_the_warning_counts_children_whose_voucher_would_stop(officer):
    full_import(officer, [[*row[:3], born(13), *row[4:]] for row in ROWS])
    issuing.issue_vouchers(officer, VoucherTermsFactory())
    partial = dry_run(officer, xlsx(ROWS[:1], "deel.xlsx"))
    assert partial.counts["gone_with_voucher"] == 2
    assert "2 kinderen daarvan hebben een voucher" in passholder_import.mass_gone_warning(
        partial.counts
    )


def test_an_old_preview_never_decides(officer):
    first = full_import(officer)
    moved = [[*ROWS[0][:5], "99", *ROWS[0][6:]], *ROWS[1:]]
    preview = dry_run(officer, xlsx(moved, "later.xlsx"))  # says: one change, nobody gone
    assert (preview.counts["changed"], preview.counts["gone"]) == (1, 0)
    full_import(officer, ROWS[:1], "deel.xlsx")  # meanwhile another file marks two gone
    outcome = apply(officer, preview)
    assert outcome.state == ImportState.CHECKED  # back to the preview, nothing written
    assert "veranderd sinds de controle" in outcome.message
    assert outcome.counts["changed"] == 3  # the new numbers: one move, two to restore
    assert PassHolder.objects.get(pass_number="1000001").house_number == "12"
    assert PassHolder.objects.filter(active=True).count() == 1
    assert apply(officer, outcome).state == ImportState.DONE
    assert PassHolder.objects.filter(active=True).count() == 3
    assert first.state == ImportState.DONE


def test_a_preview_read_by_rules_that_changed_since_never_decides(officer):
    full_import(officer)
    preview = dry_run(officer, xlsx([*ROWS, ["2000001", *ROWS[0][1:]]], "later.xlsx"))
    assert preview.counts["new"] == 1
    # Meanwhile an administrator makes pass numbers start with 1: the new row is invalid now.
    PassNumberRule.objects.create(pattern=r"^1[0-9]{6}$")

    outcome = apply(officer, preview)

    assert outcome.state == ImportState.CHECKED  # back to the preview, nothing written
    assert "veranderd sinds de controle" in outcome.message
    assert (outcome.counts["new"], outcome.counts["invalid"]) == (0, 1)
    assert not PassHolder.objects.filter(pass_number="2000001").exists()


def test_the_right_file_again_after_a_wrong_one_restores_the_holders(officer):
    # One workbook's bytes, uploaded three times (a workbook made a second later differs:
    # it carries the time it was made).
    right = xlsx(ROWS).read()
    apply(officer, dry_run(officer, SimpleUploadedFile("goed.xlsx", right)))
    full_import(officer, ROWS[:1], "fout.xlsx")
    again = dry_run(officer, SimpleUploadedFile("goed.xlsx", right))
    assert passholder_import.earlier_import(again) is not None
    assert apply(officer, again).state == ImportState.DONE
    assert PassHolder.objects.filter(active=True).count() == 3
    same = dry_run(officer, SimpleUploadedFile("goed.xlsx", right))
    with pytest.raises(Exception, match="verandert niets"):
        apply(officer, same)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("een-kolom.csv", b"pasnummer\n1000001\n1000002\n", "kolommen niet te vinden"),
        ("pijp.csv", "|".join(HEADER).encode() + b"\n1|2|3|4|5|6|7|8\n", "kolommen niet te vinden"),
        ("kapot.xlsx", b"PK\x03\x04" + b"\x00" * 200, None),
    ],
)
def test_unreadable_files_fail_with_a_clear_message(officer, name, content, reason):
    try:
        batch = dry_run(officer, SimpleUploadedFile(name, content))
    except Exception as error:  # refused at upload: not a spreadsheet at all
        assert "Excel-bestand" in str(error)
        return
    assert batch.state == ImportState.FAILED
    assert reason in batch.message


def test_a_damaged_workbook_that_looks_like_one_fails_cleanly(officer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<kapot")
    batch = dry_run(officer, SimpleUploadedFile("kapot.xlsx", buffer.getvalue()))
    assert batch.state == ImportState.FAILED
    assert "beschadigd" in batch.message


def test_a_crash_fails_the_batch_and_it_can_be_started_again(officer, monkeypatch):
    def crash(batch):
        raise RuntimeError("onverwacht")

    monkeypatch.setattr(passholder_import, "_analyse", crash)
    batch = dry_run(officer, xlsx(ROWS))
    assert batch.state == ImportState.FAILED and "Er ging iets mis" in batch.message
    monkeypatch.undo()
    passholder_import.retry(officer, batch, background=False)
    passholder_import.check(batch.pk)
    assert PassHolderImport.objects.get(pk=batch.pk).state == ImportState.CHECKED


def test_a_batch_stuck_after_a_killed_worker_is_failed_and_a_redelivered_task_goes_on(officer):
    batch = passholder_import.upload(officer, xlsx(ROWS), background=False)
    passholder_import._transition(batch.pk, "start_check")  # the worker died right here
    passholder_import.check(batch.pk)  # the task, handed out again, carries on
    assert PassHolderImport.objects.get(pk=batch.pk).state == ImportState.CHECKED

    stuck = passholder_import.upload(officer, xlsx(ROWS, "b.xlsx"), background=False)
    passholder_import._transition(stuck.pk, "start_check")
    assert passholder_import.fail_stuck_imports() == 0
    later = timezone.now() + timedelta(minutes=61)
    assert passholder_import.fail_stuck_imports(now=later) == 1
    assert PassHolderImport.objects.get(pk=stuck.pk).state == ImportState.FAILED
    assert tasks.check_import.reject_on_worker_lost and tasks.run_import.reject_on_worker_lost


def test_numbers_that_lost_their_zeros_get_them_back_or_are_refused(officer):
    PassNumberRule.objects.create(pattern=r"^[0-9]{8}$", description="8 cijfers")
    numeric = [[1000001, *ROWS[0][1:]]]  # stored as a number in Excel: 01000001
    full_import(officer, numeric)
    as_text = [["01000001", *ROWS[0][1:]]]
    assert dry_run(officer, xlsx(as_text, "tekst.xlsx")).counts["unchanged"] == 1
    assert PassHolder.objects.get().pass_number == "01000001"  # one child, not two

    PassNumberRule.objects.create(pattern=r"^0[0-9]{5,9}$", description="met een 0")
    refused = dry_run(officer, xlsx([[12345, *ROWS[0][1:]]], "kort.xlsx"))
    assert "voorloopnullen kwijt" in refused.problems[0][1]


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        (3, "1-1-12", "geen jaar van vier cijfers"),
        (3, "01-01-2099", "kan niet kloppen"),
        (3, "01-01-1890", "kan niet kloppen"),
        (6, "01-01-1999", "kan niet kloppen"),
        (7, "01-01-2101", "kan niet kloppen"),
        (2, "-2+3+cmd|' /C calc'!A0", "formule"),
        (2, "@SUM(1+1)", "formule"),
    ],
)
def test_implausible_cells_are_refused_with_a_reason_per_line(officer, column, value, reason):
    row = [*ROWS[0][:column], value, *ROWS[0][column + 1 :]]
    batch = dry_run(officer, xlsx([row]))
    assert batch.problems and reason in batch.problems[0][1]


def test_a_negative_number_is_no_formula(officer):
    row = [*ROWS[0][:5], "-12", *ROWS[0][6:]]
    assert dry_run(officer, xlsx([row])).counts["invalid"] == 0


def test_the_pass_offices_own_headings_and_split_names_are_understood(officer):
    header = "Pasnr;Huishouden;Voornaam;Achternaam;Geb.datum;Postcode;Huisnr;Geldig van;Geldig t/m"
    line = "1000001;H1;Amira;Test;01-05-2012;2525 BC;12;01-01-2026;31-12-2026"
    content = f"\ufeff{header}\r\n{line}\r\n".encode()
    batch = apply(officer, dry_run(officer, SimpleUploadedFile("pas.csv", content)))
    assert batch.state == ImportState.DONE
    assert PassHolder.objects.get().name == "Amira Test"


def test_the_command_never_prints_a_traceback(tmp_path):
    path = tmp_path / "pashouders.csv"
    path.write_bytes(csv_file([]).read())
    with pytest.raises(CommandError, match="geen gebruiker"):
        call_command("import_passholders", str(path), "--user", "niemand")
    StaffFactory(username="beheer", role=roles.ADMINISTRATOR)
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("import_passholders", str(tmp_path / "weg.csv"), "--user", "beheer")


def test_the_administrator_says_once_which_heading_is_which_column(staff_client):
    client, officer = staff_client(roles.ADMINISTRATOR)
    own = ["Pas-ID", *HEADER[1:]]
    content = (
        ";".join(own).encode() + b"\n1000001;H1;Amira;01-05-2012;2525 BC;12;01-01-2026;31-12-2026\n"
    )
    batch = dry_run(officer, SimpleUploadedFile("eigen.csv", content))
    assert batch.state == ImportState.FAILED and batch.missing_columns == ["pasnummer"]
    page = client.get(reverse("passholder_import", args=[batch.pk])).content.decode()
    assert "Welke kolom is welke?" in page and '<option value="Pas-ID">' in page
    client.post(reverse("passholder_import_mapping", args=[batch.pk]), {"pasnummer": "Pas-ID"})
    passholder_import.check(batch.pk)  # the task, run after the commit
    assert PassHolderImport.objects.get(pk=batch.pk).state == ImportState.CHECKED
    # The next file with that heading is read at once.
    later = dry_run(officer, SimpleUploadedFile("juli.csv", content))
    assert later.state == ImportState.CHECKED and later.counts["new"] == 1


def test_a_mapping_must_name_a_heading_of_the_file(officer):
    batch = dry_run(
        officer, SimpleUploadedFile("x.csv", b"Pas-ID;" + ";".join(HEADER[1:]).encode() + b"\n")
    )
    with pytest.raises(Exception, match="kolomnaam uit het bestand"):
        passholder_import.map_columns(officer, batch, {"pasnummer": "Verzonnen"}, background=False)
