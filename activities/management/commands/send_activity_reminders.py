from django.core.management.base import BaseCommand

from activities.actions import send_reminders


class Command(BaseCommand):
    help = "Queues the SMS reminder for confirmed sign-ups (that asked for one) whose activity starts within 24 hours."

    def handle(self, *args, **options):
        self.stdout.write(f"Reminders queued: {send_reminders()}")
