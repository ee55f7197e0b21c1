"""The second login step (TOTP) and the account page.

Password login itself is Django's LoginView; these views only add the second factor, so an
external identity provider (DigiD, eHerkenning) can replace the first step without them.
"""

from base64 import b32encode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from kern.roles import is_municipal_staff

APP_DEVICE_NAME = "Authenticator-app"


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code uit uw app",
        min_length=6,
        max_length=6,
        help_text="6 cijfers. De code verandert elke 30 seconden.",
        widget=forms.TextInput(
            # Focused: the second step has one field, nine Tabs away otherwise.
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "autofocus": True,
            }
        ),
    )


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "home"


@login_required
def _second_step_done(request, device):
    """A new session key once the second step is done, as after the password, so a key
    someone saw before the second step is worth nothing (session fixation, BIO 9.4.2)."""
    otp_login(request, device)
    request.session.cycle_key()


@require_http_methods(["GET", "POST"])
def otp_verify(request):
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            _second_step_done(request, device)
            return redirect(_next_url(request))
        form.add_error("token", "Deze code klopt niet of is verlopen. Probeer de nieuwe code.")
    return render(request, "registration/otp_verify.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    if user_has_device(request.user):
        return redirect("account")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": APP_DEVICE_NAME}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            _second_step_done(request, device)
            messages.success(request, "Inloggen in twee stappen staat nu aan.")
            return redirect(_next_url(request))
        form.add_error("token", "Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat.")
    return render(
        request,
        "registration/otp_setup.html",
        {
            "form": form,
            "secret": _base32_secret(device),
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4),
            "required": is_municipal_staff(request.user),
        },
    )


def _base32_secret(device):
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def account(request):
    return render(
        request,
        "registration/account.html",
        {
            "has_device": user_has_device(request.user),
            "staff": is_municipal_staff(request.user),
        },
    )


@login_required
@require_POST
def otp_disable(request):
    if is_municipal_staff(request.user):
        messages.error(request, "Medewerkers van de gemeente moeten in twee stappen inloggen.")
    else:
        TOTPDevice.objects.filter(user=request.user).delete()
        messages.success(request, "Inloggen in twee stappen staat nu uit.")
    return redirect("account")
