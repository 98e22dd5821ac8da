"""User administration for system administrators: users, memberships, unlocking."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from kotopolku.accounts import actions
from kotopolku.accounts.emails import send_invitation
from kotopolku.accounts.forms import MembershipForm, UserForm
from kotopolku.accounts.models import RoleGrant, User
from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import record_read
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.models import Membership

PAGE_SIZE = 50


@require_GET
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    users = User.objects.order_by("username")
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    record_read("user", [u.pk for u in page], kind=AccessEvent.Kind.LIST)
    return render(request, "accounts/admin/user_list.html", {"page_obj": page, "query": query})


@require_http_methods(["GET", "POST"])
def user_create(request: AuthenticatedRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = actions.do_create_user(**form.cleaned_data, password=None, acting_user=request.user)
        send_invitation(user, request)
        messages.success(
            request,
            _("User %(username)s created and sent a link for setting a password. Add a role next.")
            % {"username": user.username},
        )
        return HttpResponseRedirect(reverse("accounts:user_detail", args=[user.pk]))
    return render(request, "accounts/admin/user_form.html", {"form": form, "creating": True})


@require_GET
def user_detail(request: AuthenticatedRequest, user_id: str) -> HttpResponse:
    subject = get_object_or_404(User, pk=user_id)
    record_read("user", [subject.pk])
    memberships = Membership.objects.filter(user=subject).select_related("unit__organisation")
    return render(
        request,
        "accounts/admin/user_detail.html",
        {
            "subject": subject,
            "memberships": memberships,
            "today": timezone.localdate(),
            "current_memberships": [
                m for m in memberships if m.is_current_or_future(timezone.localdate())
            ],
            "has_2fa": TOTPDevice.objects.filter(user=subject, confirmed=True).exists(),
            "locked": subject.is_locked(),
            "tokens": subject.api_tokens.all(),
            "pending_grants": RoleGrant.objects.filter(
                user=subject, status=RoleGrant.Status.PENDING
            ).select_related("unit__organisation", "requested_by"),
            "membership_form": MembershipForm(
                user=subject, initial={"valid_from": timezone.localdate()}
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def user_edit(request: AuthenticatedRequest, user_id: str) -> HttpResponse:
    subject = get_object_or_404(User, pk=user_id)
    initial = {
        f: getattr(subject, f)
        for f in (
            "username",
            "first_name",
            "last_name",
            "email",
            "work_phone",
            "preferred_language",
        )
    }
    form = UserForm(request.POST or None, instance=subject, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "username"}
        if "is_active" in request.POST:
            changes["is_active"] = request.POST["is_active"] == "1"
        actions.do_update_user(subject, changes, acting_user=request.user)
        messages.success(request, _("Changes saved."))
        return HttpResponseRedirect(reverse("accounts:user_detail", args=[subject.pk]))
    return render(request, "accounts/admin/user_form.html", {"form": form, "subject": subject})


@require_http_methods(["GET", "POST"])
def membership_add(request: AuthenticatedRequest, user_id: str) -> HttpResponse:
    subject = get_object_or_404(User, pk=user_id)
    form = MembershipForm(
        request.POST or None, user=subject, initial={"valid_from": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            given = actions.do_request_membership(
                subject, **form.cleaned_data, acting_user=request.user
            )
        except actions.GrantRefusedError:
            form.add_error(
                "role",
                _(
                    "Nobody may give themselves a role that reads client data: another "
                    "administrator asks for it, and a second person confirms it."
                ),
            )
        else:
            if isinstance(given, RoleGrant):
                messages.success(
                    request,
                    _(
                        "The role waits for confirmation by a unit manager of the unit or "
                        "another administrator: it reads client data."
                    ),
                )
            else:
                messages.success(request, _("Role added."))
            return HttpResponseRedirect(reverse("accounts:user_detail", args=[subject.pk]))
    return render(
        request, "accounts/admin/membership_form.html", {"form": form, "subject": subject}
    )


@require_POST
def membership_end(request: AuthenticatedRequest, membership_id: str) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=membership_id)
    actions.do_end_membership(membership, acting_user=request.user)
    messages.success(request, _("Role ended."))
    return HttpResponseRedirect(reverse("accounts:user_detail", args=[membership.user_id]))


@require_POST
def user_unlock(request: AuthenticatedRequest, user_id: str) -> HttpResponse:
    subject = get_object_or_404(User, pk=user_id)
    actions.do_unlock_user(subject, acting_user=request.user)
    messages.success(request, _("The account is unlocked."))
    return HttpResponseRedirect(reverse("accounts:user_detail", args=[subject.pk]))
