from django.core.management.base import BaseCommand

from cms.demo import content
from cms.demo.build import build_all, load_app_demos


class Command(BaseCommand):
    help = "Load the demo content (the seed policy with its interpretation) and demo accounts; safe to run twice."

    def handle(self, *args, **options):
        users = build_all()
        for loaded in load_app_demos():
            self.stdout.write(f"  + {loaded}")
        self.stdout.write(self.style.SUCCESS("演示内容已就绪 / demo content ready"))
        self.stdout.write(f"演示账号(初始密码均为 {content.DEMO_PASSWORD},首次登录须改为自己的密码):")
        for username, name, role in users:
            self.stdout.write(f"  {username:<14} {name:<6} {role}")
