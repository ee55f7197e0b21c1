"""The monitoring workbook: made in the background from the overview, one sheet per scheme
with a native chart of granted versus settled per district; its totals are the database's,
and LibreOffice opens it."""

import shutil
import subprocess
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.db.models import Q, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kern import roles
from kern.models import District
from subsidie.models import Award, SchemeBudget
from tests.conftest import verify_second_factor
from tests.factories import LocationFactory, SchemeFactory, StaffFactory
from tests.verantwoording.helpers import due_for_settlement, reported
from verantwoording.choices import RecoveryState
from verantwoording.models import MonitoringWorkbook, Recovery, Settlement
from verantwoording.services import monitoring, settlements

pytestmark = pytest.mark.django_db


def _settled_year():
    """Two schemes; three awards that ended this year, two settled (one lower, paid back)."""
    schemes = [
        SchemeFactory(name="Huiswerk: scholen/wijk [2026]"),
        SchemeFactory(name="Aanbieders"),
    ]
    reviewer = StaffFactory(role=roles.REVIEWER)
    decider = StaffFactory(role=roles.DECISION_MAKER)
    moerwijk = District.objects.get(name="Moerwijk en Zuiderpark")
    for scheme, amount, settle in (
        (schemes[0], "30000", "21000.01"),
        (schemes[0], "20000", None),
        (schemes[1], "30000", "30000"),
    ):
        award = due_for_settlement(amount, scheme=scheme)
        award.application.locations.add(LocationFactory(district=moerwijk))
        if settle is None:
            continue
        reported(award)
        lower = Decimal(settle) < award.amount
        settlement = settlements.propose(
            reviewer, award, [(Decimal(settle), "Minder." if lower else "")]
        )
        if lower:
            settlements.intend(reviewer, settlement)
            settlement.award.application.organisation.hearings.update(
                due_date=timezone.localdate() - timezone.timedelta(days=1)
            )
        settlements.decide(decider, settlement)
    recovery = Recovery.objects.get()
    settlements.record_repayment(StaffFactory(role=roles.FINANCE), recovery, timezone.localdate())
    return schemes


def _made(django_capture_on_commit_callbacks):
    client = verify_second_factor(Client(), StaffFactory(role=roles.FINANCE))
    year = timezone.localdate().year
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workbook_request"), {"jaar": str(year)})
    workbook = MonitoringWorkbook.objects.get()
    assert response["Location"] == reverse("workbook_detail", args=[workbook.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Download monitoring-" in page
    download = client.get(reverse("workbook_download", args=[workbook.pk]))
    return b"".join(download.streaming_content), year


def test_the_workbook_totals_are_the_database_sums(django_capture_on_commit_callbacks):
    schemes = _settled_year()
    content, year = _made(django_capture_on_commit_callbacks)
    book = load_workbook(BytesIO(content))
    summary = book["Overzicht"]
    by_name = {row[0]: row[1:] for row in summary.iter_rows(min_row=3, values_only=True)}
    for number, scheme in enumerate(sorted(schemes, key=lambda s: s.name), start=1):
        budget = SchemeBudget.objects.get(scheme=scheme, year=year)
        ledger = budget.entries.aggregate(
            committed=Sum("amount", filter=Q(kind="commitment")),
            released=Sum("amount", filter=Q(kind="release"), default=Decimal(0)),
        )
        settled = Settlement.objects.filter(award__application__scheme=scheme, state="decided")
        ceiling, granted, _, settled_total, recovered, remaining = by_name[scheme.name]
        assert Decimal(str(ceiling)) == budget.ceiling
        assert Decimal(str(granted)) == ledger["committed"] - ledger["released"]
        assert Decimal(str(settled_total)) == settled.aggregate(s=Sum("amount"))["s"]
        paid_back = Recovery.objects.filter(
            settlement__in=settled, state=RecoveryState.PAID
        ).aggregate(s=Sum("amount", default=Decimal(0)))["s"]
        assert Decimal(str(recovered)) == paid_back
        assert Decimal(str(remaining)) == budget.ceiling - Decimal(str(granted))

        sheet = book.worksheets[number]
        assert sheet.title.startswith(f"{number}. ") and len(sheet.title) <= 31
        header = next(r for r in sheet.iter_rows() if r[0].value == "Wijk")[0].row
        below = list(sheet.iter_rows(min_row=header + 1, max_col=3, values_only=True))
        districts = below[: below.index((monitoring.DISTRICT_SPLIT_NOTE, None, None))]
        awards = Award.objects.filter(application__scheme=scheme, period_end__year=year)
        assert (
            sum(Decimal(str(g)) for _, g, _ in districts) == awards.aggregate(s=Sum("amount"))["s"]
        )
        assert (
            sum(Decimal(str(s)) for _, _, s in districts) == settled.aggregate(s=Sum("amount"))["s"]
        )
    with zipfile.ZipFile(BytesIO(content)) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
    assert len(charts) == 2


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_opens_the_workbook(django_capture_on_commit_callbacks, tmp_path):
    _settled_year()
    content, year = _made(django_capture_on_commit_callbacks)
    source = tmp_path / "monitoring.xlsx"
    source.write_bytes(content)
    subprocess.run(  # noqa: S603 - our own file, our own arguments
        [
            shutil.which("soffice"),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert (tmp_path / "monitoring.pdf").stat().st_size > 1000
