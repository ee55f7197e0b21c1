from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django_otp import user_has_device

from kern.roles import is_municipal_staff

# Pages a signed-in user may see before the second step: the steps themselves, and leaving.
_OPEN_URL_NAMES = ("otp_verify", "otp_setup", "logout")


class SecondFactorMiddleware:
    """Sends a signed-in user to the second login step until it is done.

    Staff must always use a second factor (BIO 5.17.01); an organisation member who has
    switched one on must use it too. Enforced here, once, so no staff page can forget it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = self._required_step(request)
        if step and not self._is_open(request.path):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(step)}?{query}")
        return self.get_response(request)

    @staticmethod
    def _required_step(request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if user_has_device(user):
            return "otp_verify"
        return "otp_setup" if is_municipal_staff(user) else None

    @staticmethod
    def _is_open(path):
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        return path.startswith(static_prefix) or path in {reverse(name) for name in _OPEN_URL_NAMES}


class PrivatePagesMiddleware:
    """Every answer names the browser features it may use (none the product needs), and a
    page for a signed-in user is never kept by the browser or a proxy: after logging out on
    a shared computer, the back button shows nothing (BIO 9.4.2)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
