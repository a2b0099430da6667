from django.core.management.base import BaseCommand

from cms import preflight


class Command(BaseCommand):
    help = "Check that the database and the broker answer; exit 2 with one clear line if not."

    def handle(self, *args, **options):
        preflight.check_database_or_exit()
        preflight.check_broker_or_exit()
        self.stdout.write(self.style.SUCCESS("配置检查通过 / configuration OK"))
