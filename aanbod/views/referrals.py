"""Referrals between organisations: only members of the referring and the receiving
organisation see one; everyone else gets a 404."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from aanbod.forms import ReferralAnswerForm, ReferralForm
from aanbod.services import offer, referrals
from kern import services, transitions
from kern.ui import attempt, made


@login_required
def referral_list(request):
    organisations = services.organisations_of(request.user)
    visible = referrals.visible_to(request.user)
    return render(
        request,
        "aanbod/referral_list.html",
        {
            "received": visible.filter(location__organisation__in=organisations),
            "sent": visible.filter(referrer__in=organisations),
            "can_refer": organisations.exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request):
    organisations = services.organisations_of(request.user)
    form = ReferralForm(
        request.POST or None,
        initial={"location": request.GET.get("locatie")},
        organisations=organisations,
        locations=offer.published().exclude(organisation__in=organisations),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        referral = made(
            request,
            lambda: referrals.send(
                request.user, data.pop("referrer"), data.pop("location"), **data
            ),
            "De doorverwijzing is verstuurd. U krijgt een e-mail als er een antwoord is.",
        )
        if referral:
            return redirect("referral_detail", pk=referral.pk)
    return render(request, "aanbod/referral_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def referral_detail(request, pk):
    referral = get_object_or_404(referrals.visible_to(request.user), pk=pk)
    may = transitions.available(referral, request.user)
    form = ReferralAnswerForm(request.POST or None)
    if request.method == "POST" and "withdraw" in request.POST:
        attempt(
            request,
            lambda: referrals.withdraw(request.user, referral),
            "De doorverwijzing is ingetrokken.",
        )
        return redirect("referral_detail", pk=referral.pk)
    if request.method == "POST" and form.is_valid():
        answered = attempt(
            request,
            lambda: referrals.answer(
                request.user, referral, form.cleaned_data["accepted"], form.cleaned_data["answer"]
            ),
            "Uw antwoord is verstuurd naar de organisatie die doorverwees.",
        )
        if answered:
            return redirect("referral_detail", pk=referral.pk)
    return render(
        request,
        "aanbod/referral_detail.html",
        {
            "referral": referral,
            "form": form,
            "may_answer": "accept" in may,
            "may_withdraw": "withdraw" in may,
        },
    )
