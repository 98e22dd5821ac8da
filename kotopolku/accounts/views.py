"""Login (password, then TOTP), logout, two-factor set-up, profile, tokens, re-authentication."""

from __future__ import annotations

import base64
import time
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from kotopolku.access import reauth
from kotopolku.accounts import actions
from kotopolku.accounts.forms import (
    CodeForm,
    LoginForm,
    PasswordChangeForm,
    PhoneForm,
    ReauthForm,
    ResetRequestForm,
    ResetSetPasswordForm,
    TokenForm,
)
from kotopolku.accounts.middleware import LOGIN_AT, SEEN_AT
from kotopolku.accounts.models import ApiToken, User
from kotopolku.audit.middleware import client_ip
from kotopolku.core.types import AuthenticatedRequest


def SIGN_IN_REFUSED() -> str:  # noqa: N802 (a constant, translated when used)
    return _(
        "The username or password is not correct, or signing in is paused after too many "
        "failed attempts. Try again later or ask your administrator."
    )


PENDING = "kotopolku_pending_2fa"
PENDING_SECONDS = 5 * 60


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _complete_login(request: HttpRequest, user: User, device: TOTPDevice | None) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp_login(request, device)
    request.session[LOGIN_AT] = request.session[SEEN_AT] = int(time.time())
    actions.do_record_login(user, second_factor=device is not None)


def _with_language(request: HttpRequest, response: HttpResponse, user: User) -> HttpResponse:
    """Use the user's preferred language unless they chose one on this browser already."""
    if user.preferred_language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.preferred_language,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite="Lax",
        )
    return response


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return HttpResponseRedirect(reverse("core:home"))
    form = LoginForm(request.POST or None)
    next_url = _safe_next(request, reverse("core:home"))
    if request.method == "POST" and form.is_valid():
        result = actions.check_password_with_lockout(
            request, form.cleaned_data["username"], form.cleaned_data["password"]
        )
        if result.user is None:
            # One answer for an unknown user, a wrong password, a locked account and a
            # throttled address: the answer must not tell which accounts exist or are locked.
            form.add_error(None, SIGN_IN_REFUSED())
        else:
            user = result.user
            device = _confirmed_device(user)
            if device is not None:
                request.session.cycle_key()
                request.session[PENDING] = {
                    "user": str(user.pk),
                    "at": int(time.time()),
                    "next": next_url,
                }
                return HttpResponseRedirect(reverse("accounts:login_verify"))
            _complete_login(request, user, None)
            if settings.REQUIRE_2FA:
                return HttpResponseRedirect(reverse("accounts:two_factor_setup"))
            return _with_language(request, HttpResponseRedirect(next_url), user)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def login_verify(request: HttpRequest) -> HttpResponse:
    """The second step: a TOTP code from the device confirmed for the pending user."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        messages.info(request, _("Please log in again."))
        return HttpResponseRedirect(reverse("accounts:login"))
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    device = _confirmed_device(user) if user else None
    if user is None or device is None:
        request.session.pop(PENDING, None)
        return HttpResponseRedirect(reverse("accounts:login"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            del request.session[PENDING]
            _complete_login(request, user, device)
            return _with_language(
                request, HttpResponseRedirect(pending.get("next") or reverse("core:home")), user
            )
        form.add_error("code", _("The code is not correct or has expired. Try the newest code."))
    return render(request, "accounts/login_verify.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        user = request.user
        assert isinstance(user, User)
        actions.do_record_logout(user)
    logout(request)
    messages.success(request, _("You have logged out."))
    return HttpResponseRedirect(reverse("accounts:login"))


def _totp_qr_data_uri(device: TOTPDevice) -> str:
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2))


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up TOTP: show a QR code and the secret, then confirm with one code."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("accounts:login"))
    user = request.user
    assert isinstance(user, User)
    if user_has_device(user, confirmed=True) and request.user.is_verified():  # type: ignore[attr-defined]
        messages.info(request, _("Two-factor login is already set up."))
        return HttpResponseRedirect(reverse("accounts:profile"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Kotopolku", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            actions.do_confirm_totp_device(device, acting_user=user)
            otp_login(request, device)
            messages.success(request, _("Two-factor login is now on."))
            return HttpResponseRedirect(reverse("core:home"))
        form.add_error(
            "code",
            _("The code is not correct. Check the time on your phone and try the newest code."),
        )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": _totp_qr_data_uri(device),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": settings.REQUIRE_2FA,
        },
    )


@require_POST
def two_factor_remove(request: AuthenticatedRequest) -> HttpResponse:
    if settings.REQUIRE_2FA:
        raise Http404  # cannot turn it off where it is required
    actions.do_remove_totp_devices(request.user, acting_user=request.user)
    messages.success(request, _("Two-factor login is now off."))
    return HttpResponseRedirect(reverse("accounts:profile"))


def _profile_page(
    request: AuthenticatedRequest, phone_form: PhoneForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "profile_user": user,
            "phone_form": phone_form or PhoneForm(initial={"work_phone": user.work_phone}),
            "memberships": user.active_memberships,
            "has_2fa": user_has_device(user, confirmed=True),
            "require_2fa": settings.REQUIRE_2FA,
            "tokens": ApiToken.objects.filter(user=user),
            "token_form": TokenForm(),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET"])
def profile(request: AuthenticatedRequest) -> HttpResponse:
    return _profile_page(request)


@never_cache
@require_http_methods(["POST"])
def profile_phone(request: AuthenticatedRequest) -> HttpResponse:
    """The user sets their own work phone (shown to clients on the plan summary)."""
    form = PhoneForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, form, status=400)
    actions.do_update_user(
        request.user, {"work_phone": form.cleaned_data["work_phone"]}, acting_user=request.user
    )
    messages.success(request, _("Changes saved."))
    return HttpResponseRedirect(reverse("accounts:profile") + "#work-phone")


@never_cache
@require_http_methods(["GET", "POST"])
def token_create(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, text = actions.do_create_token(
            request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            read_only=form.cleaned_data["read_only"],
            acting_user=request.user,
        )
        return render(request, "accounts/token_created.html", {"token": token, "text": text})
    return render(request, "accounts/token_form.html", {"form": form})


@require_POST
def token_revoke(request: AuthenticatedRequest, token_id: str) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    actions.do_revoke_token(token, acting_user=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return HttpResponseRedirect(reverse("accounts:profile"))


@sensitive_post_parameters("password", "code")
@never_cache
@require_http_methods(["GET", "POST"])
def reauth_view(request: AuthenticatedRequest) -> HttpResponse:
    """Ask for the password (and the TOTP code, if set up) before a dangerous action."""
    user = request.user
    device = _confirmed_device(user)
    form = ReauthForm(request.POST or None, needs_code=device is not None)
    next_url = _safe_next(request, reverse("accounts:profile"))
    if user.is_locked_for(client_ip(request)):
        logout(request)
        messages.error(request, _("Too many failed attempts: the account is locked for a while."))
        return HttpResponseRedirect(reverse("accounts:login"))
    if request.method == "POST" and form.is_valid():
        ok = user.check_password(form.cleaned_data["password"])
        if ok and device is not None:
            ok = bool(device.verify_token(form.cleaned_data["code"]))
        if ok:
            actions.do_reset_failures(user)
            reauth.mark(request)
            if request.session.pop(reauth.REPEAT_KEY, False):
                messages.info(request, _("Thank you. Now do the action again."))
            return HttpResponseRedirect(next_url)
        if actions.do_count_failure(user, reason="re-authentication"):
            logout(request)
            messages.error(
                request, _("Too many failed attempts: the account is locked for a while.")
            )
            return HttpResponseRedirect(reverse("accounts:login"))
        form.add_error(None, _("The password or code is not correct."))
    return render(request, "accounts/reauth.html", {"form": form, "next": next_url})


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "POST"])
def password_change(request: AuthenticatedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_set_password(
            request.user, form.cleaned_data["new_password1"], acting_user=request.user
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password is changed."))
        return HttpResponseRedirect(reverse("accounts:profile"))
    return render(request, "accounts/password_change.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ResetSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.user
        actions.do_set_password(user, form.cleaned_data["new_password1"], acting_user=user)
        actions.do_unlock_user(user, acting_user=user)
        # a token made before the reset may be in the wrong hands
        actions.do_revoke_tokens(user, acting_user=user, reason="password reset")
        # Skip SetPasswordForm.save(): the action above set and logged the password.
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())
