"""Run the WeChat API simulator on loopback for a local demo: `manage.py wechat_simulator --port 8765`."""

from django.core.management.base import BaseCommand, CommandError

from channels.simulators.faults import KINDS, FaultInjector
from channels.simulators.wechat import WeChatSimulator


class Command(BaseCommand):
    help = "Run a WeChat official account API simulator on 127.0.0.1 and print the settings that point at it."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--app-id", default="wx_simulated_app")
        parser.add_argument("--secret", default="simulated-app-secret")
        parser.add_argument("--token", default="simulated-callback-token", help="callback token (WECHAT_TOKEN)")
        parser.add_argument(
            "--account",
            action="append",
            default=[],
            metavar="APP_ID=SECRET[:TOKEN]",
            help="another official account served at the same time (a body's own account, entered in the admin)",
        )
        parser.add_argument(
            "--aes-key",
            action="append",
            default=[],
            metavar="APP_ID=ENCODING_AES_KEY",
            help="this account pushes its callbacks encrypted (安全模式) with this 43-character key",
        )
        parser.add_argument("--callback-url", help="where to push PUBLISHJOBFINISH events")
        parser.add_argument("--publish-polls", type=int, default=1, help="polls answered 'publishing' first")
        parser.add_argument("--publish-outcome", type=int, default=0, choices=[0, 2, 3, 4], help="final publish_status")
        parser.add_argument("--mass-daily-quota", type=int, default=1)
        parser.add_argument("--block-all-ips", action="store_true", help="answer 40164 to every call")
        parser.add_argument(
            "--fault",
            action="append",
            default=[],
            metavar="[ENDPOINT:]KIND=PROBABILITY",
            help=f"inject faults, e.g. http500=0.1 or draft/add:drop=0.5; kinds: {', '.join(KINDS)}",
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--hang-seconds", type=float, default=30.0)

    def handle(self, *args, **options):
        faults = FaultInjector(seed=options["seed"])
        for spec in options["fault"]:
            try:
                target, _, probability = spec.rpartition("=")
                endpoint, _, kind = target.rpartition(":")
                faults.set_rate(endpoint or "*", kind, float(probability))
            except ValueError as exc:
                raise CommandError(f"--fault {spec}: {exc}") from None
        accounts, callback_tokens = {}, {}
        for spec in options["account"]:
            app_id, sep, rest = spec.partition("=")
            if not sep or not app_id or not rest:
                raise CommandError(f"--account {spec}: expected APP_ID=SECRET or APP_ID=SECRET:TOKEN")
            accounts[app_id], _, token = rest.partition(":")
            if token:
                callback_tokens[app_id] = token
        aes_keys = dict(spec.partition("=")[::2] for spec in options["aes_key"])
        simulator = WeChatSimulator(
            options["app_id"],
            options["secret"],
            accounts=accounts,
            callback_tokens=callback_tokens,
            aes_keys=aes_keys,
            block_all_ips=options["block_all_ips"],
            faults=faults,
            publish_polls=options["publish_polls"],
            publish_outcome=options["publish_outcome"],
            mass_daily_quota=options["mass_daily_quota"],
            callback_url=options["callback_url"],
            callback_token=options["token"],
            hang_seconds=options["hang_seconds"],
            port=options["port"],
        )
        try:
            simulator.start()
        except OSError as exc:
            raise CommandError(f"cannot listen on 127.0.0.1:{options['port']}: {exc}") from None
        self.stdout.write(f"WeChat API simulator listening on {simulator.base_url}")
        self.stdout.write("Set these environment variables for the web and worker processes:")
        self.stdout.write(f"  WECHAT_API_BASE_URL={simulator.base_url}")
        self.stdout.write(f"  WECHAT_APP_ID={simulator.app_id}")
        self.stdout.write(f"  WECHAT_APP_SECRET={simulator.secret}")
        self.stdout.write(f"  WECHAT_TOKEN={simulator.callback_token}")
        if simulator.aes_key_of(simulator.app_id):
            self.stdout.write(f"  WECHAT_ENCODING_AES_KEY={simulator.aes_key_of(simulator.app_id)}")
        for app_id, secret in accounts.items():
            self.stdout.write(f"Also serving the account {app_id} (AppSecret {secret}): enter it in 后台 → 微信公众号.")
        self.stdout.flush()
        try:
            simulator.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            simulator.stop()
        self.stdout.write(
            f"Stopped. drafts={len(simulator.drafts)} publishes={len(simulator.publishes)} "
            f"mass_sends={len(simulator.mass_sends)}"
        )
