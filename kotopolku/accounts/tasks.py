"""Background work of accounts: e-mail, sent after the transaction commits."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django_tasks import task


@task()
def send_templated_email(
    *,
    subject_template: str,
    text_template: str,
    html_template: str | None,
    context: dict[str, Any],
    to: list[str],
) -> None:
    """Render a subject/text(/html) triplet and send it."""
    subject = "".join(loader.render_to_string(subject_template, context).splitlines())
    body = loader.render_to_string(text_template, context)
    message = EmailMultiAlternatives(subject, body, to=to)
    if html_template:
        message.attach_alternative(loader.render_to_string(html_template, context), "text/html")
    message.send()
