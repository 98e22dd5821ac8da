"""E-mails to staff users, sent through the task queue after the transaction commits."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import HttpRequest
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kotopolku.accounts.models import User
from kotopolku.accounts.tasks import send_templated_email


def send_invitation(user: User, request: HttpRequest) -> None:
    """Send a new user the link for setting their first password (to them only)."""
    context = {
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
        "domain": request.get_host(),
        "username": user.username,
    }
    transaction.on_commit(
        lambda: send_templated_email.enqueue(
            subject_template="accounts/email/invite_subject.txt",
            text_template="accounts/email/invite.txt",
            html_template="accounts/email/invite.html",
            context=context,
            to=[user.email],
        )
    )


def send_email_changed(user: User, *, old_address: str, acting_user: User | None) -> None:
    """Tell the user, at the address they had, that their address was changed (and by whom):
    a changed address could be used to take the account over through a password reset."""
    context = {
        "username": user.username,
        "new_address": user.email,
        "changed_by": acting_user.get_full_name() or acting_user.username
        if acting_user is not None
        else "",
    }
    transaction.on_commit(
        lambda: send_templated_email.enqueue(
            subject_template="accounts/email/email_changed_subject.txt",
            text_template="accounts/email/email_changed.txt",
            html_template=None,
            context=context,
            to=[old_address],
        )
    )
