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
