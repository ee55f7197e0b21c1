"""Getting a parent without e-mail back into their account: the service desk's page that
gives a code, and the parent's page that uses it."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kern.audit import client_address
from kern.ui import permission_required, report_errors
from vouchers.forms import AccountRecoveryForm, HouseholdSearchForm
from vouchers.models import AccountRecovery, ParentAccount
from vouchers.services import recovery

desk = permission_required("vouchers.recover_parent_account")


@desk
def recovery_desk(request):
    form = HouseholdSearchForm(request.GET or None)
    household = form.cleaned_data["household"] if form.is_valid() else None
    return render(
        request,
        "vouchers/recovery_desk.html",
        {
            "form": form,
            "household": household,
            "accounts": recovery.accounts_of(household) if household else [],
            "recent": AccountRecovery.objects.filter(household_number=household).select_related(
                "issued_by"
            )[:20]
            if household
            else [],
        },
    )


@desk
@require_POST
def recovery_code(request, pk):
    account = get_object_or_404(ParentAccount.objects.select_related("user"), pk=pk)
    try:
        code = recovery.issue_code(
            request.user, account, request.POST.get("identity_checked") == "ja"
        )
    except ValidationError as error:
        report_errors(request, error)
        return redirect(f"{reverse('recovery_desk')}?household={account.household_number}")
    return render(request, "vouchers/recovery_code.html", {"account": account, "code": code})


@require_http_methods(["GET", "POST"])
def account_recover(request):
    form = AccountRecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = recovery.recover(
                client_address(request), data["username"], data["code"], data["password1"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Uw nieuwe wachtwoord is opgeslagen. U bent ingelogd.")
            return redirect("parent_home")
    return render(request, "vouchers/account_recover.html", {"form": form})
