"""`kotopolku send_tray_review_reminders [--date YYYY-MM-DD]`: the review reminders (cron).

Idempotent per owner organisation and day: a second run on the same day queues nothing.
"""

from kotopolku.audit.reminder_command import ReminderCommand
from kotopolku.catalog.review import send_review_reminders


class Command(ReminderCommand):
    help = (
        "Queue one e-mail per tray editor of each organisation whose entries are due for "
        "review (counts and a link only; once a day per organisation)."
    )
    name = "send_tray_review_reminders"
    sent = "review reminder e-mail(s) queued"
    send = staticmethod(send_review_reminders)
