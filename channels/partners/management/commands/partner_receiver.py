"""Run a press partner's webhook receiver on loopback for the demo: `manage.py partner_receiver --port 8766`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from channels.partners.models import PressPartner
from channels.simulators.partner import BEHAVIOURS, PartnerReceiver
from cms.foundation import vault


class Command(BaseCommand):
    help = "Run a Standard Webhooks partner receiver on 127.0.0.1 that verifies signatures with a partner's secret."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8766)
        parser.add_argument("--partner", help="partner name whose secret to verify with (default: the partner "
                            "whose webhook URL points at this port)")  # fmt: skip
        parser.add_argument("--secret", help="verify with this whsec_ secret instead of a partner's")
        parser.add_argument("--path", default="/webhooks/policies")
        parser.add_argument("--behave", choices=BEHAVIOURS, default="ok", help="answer every request this way")
        parser.add_argument("--retry-after", type=int, default=30)
        parser.add_argument("--hang-seconds", type=float, default=30.0)

    def handle(self, *args, **options):
        port, secret, partner = options["port"], options["secret"], None
        if not secret:
            partner = self._partner(options["partner"], port)
            try:
                secret = partner.webhook_secret  # decrypted here, on the machine that holds the key
            except vault.UndecryptableSecret:
                raise CommandError(
                    f"{partner.name}: the stored secret cannot be decrypted with ACCOUNT_ENCRYPTION_KEY; rotate it"
                ) from None
        receiver = PartnerReceiver(
            secret,
            path=options["path"],
            retry_after=options["retry_after"],
            hang_seconds=options["hang_seconds"],
            port=port,
            on_receive=self._print_arrival,
        )
        receiver.behave(options["behave"])
        try:
            receiver.start()
        except OSError as exc:
            raise CommandError(f"cannot listen on 127.0.0.1:{port}: {exc}") from None
        self.stdout.write(f"Partner receiver listening on {receiver.url}")
        if partner is not None:
            self.stdout.write(f"Verifying signatures for partner {partner.name} (id {partner.pk})")
        self.stdout.write(f"Secret in use: ••••{secret[-4:]}")  # the secret itself stays off terminals and logs
        if "127.0.0.1" not in getattr(settings, "PARTNER_WEBHOOK_PRIVATE_HOSTS", ()):
            self.stdout.write('Note: pushes to loopback need PARTNER_WEBHOOK_PRIVATE_HOSTS = ["127.0.0.1"]')
        self.stdout.flush()
        try:
            receiver.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            receiver.stop()
        self.stdout.write(
            f"Stopped. deliveries={receiver.unique_count} duplicates={receiver.duplicate_count} "
            f"rejected={len(receiver.rejected)}"
        )

    def _print_arrival(self, webhook_id: str, payload: dict | None, outcome: str) -> None:
        """One line per push, so the person running the demo sees each release arrive (or why it was refused)."""
        if payload is None:
            self.stdout.write(f"{timezone.localtime():%H:%M:%S} 拒收 {webhook_id}: 签名无效 (invalid signature)")
        else:
            data = payload.get("data") or {}
            headlines = data.get("headlines") or [{}]
            title = headlines[0].get("value") or data.get("uri") or ""
            note = "重复推送,已忽略" if outcome == "duplicate" else "签名有效,已接收"
            line = f"{timezone.localtime():%H:%M:%S} {note} {payload.get('type', '')} {webhook_id} {title}"
            self.stdout.write(line)
        self.stdout.flush()

    @staticmethod
    def _partner(name: str | None, port: int) -> PressPartner:
        partners = PressPartner.objects.filter(webhook_enabled=True)
        try:
            if name:
                partner = partners.filter(name=name).first()
            else:
                partner = partners.filter(webhook_url__contains=f"127.0.0.1:{port}/").first()
        except DatabaseError as exc:
            raise CommandError(
                f"数据库尚未初始化,请先运行 make run(或 make setup)再启动接收端 / database not ready: {exc}"
            ) from None
        if partner is None:
            raise CommandError("no matching webhook partner; run `manage.py load_demo` or pass --partner/--secret")
        return partner
