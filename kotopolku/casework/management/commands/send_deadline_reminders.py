"""`kotopolku send_deadline_reminders [--date YYYY-MM-DD]`: the daily reminder e-mails (cron).

Idempotent per day: a second run on the same day queues nothing.
"""

from kotopolku.audit.reminder_command import ReminderCommand
from kotopolku.casework.reminders import send_reminders


class Command(ReminderCommand):
    help = (
        "Queue one e-mail per counsellor with overdue or soon-due casework steps "
        "(counts and a link only; once a day)."
    )
    name = "send_deadline_reminders"
    send = staticmethod(send_reminders)
