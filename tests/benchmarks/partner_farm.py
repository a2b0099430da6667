"""The benchmark's press partners, in a process of their own: real partners are other machines, so their HTTP
servers must not share the benchmark's interpreter (its GIL) with the editor's publishing, which the figures time.

    farm = PartnerFarm(secrets, latency=0.1).start()    # one loopback receiver per secret
    farm.urls                                            # in the order of the secrets
    farm.stats()                                         # per receiver: accepted ids, posts, duplicates, rejected
    farm.reset(); farm.stop()

The child speaks JSON lines on stdin/stdout: it prints the URLs once, then answers "stats" and "reset"; "quit"
or end of input stops it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from channels.simulators.partner import PartnerReceiver


class SlowReceiver(PartnerReceiver):
    """A partner's server that takes `latency` seconds to answer; signatures are verified as the real receiver does."""

    latency = 0.1

    def handle(self, request):
        time.sleep(self.latency)
        return super().handle(request)

    def reset(self):
        with self._lock:
            self.deliveries.clear()
            self.attempts.clear()
            self.rejected.clear()
            self.log.clear()


class PartnerFarm:
    def __init__(self, secrets: list[str], latency: float):
        self.secrets, self.latency = secrets, latency
        self.process: subprocess.Popen | None = None
        self.urls: list[str] = []

    def start(self) -> PartnerFarm:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.benchmarks.partner_farm"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.urls = self._ask({"secrets": self.secrets, "latency": self.latency})["urls"]
        return self

    def stats(self) -> list[dict]:
        return self._ask("stats")["receivers"]

    def reset(self) -> None:
        self._ask("reset")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.stdin.write('"quit"\n')
            self.process.stdin.flush()
            self.process.wait(timeout=10)

    def _ask(self, message) -> dict:
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the partner farm stopped")
        return json.loads(line)


def _serve() -> None:
    config = json.loads(sys.stdin.readline())
    SlowReceiver.latency = float(config["latency"])
    receivers = [SlowReceiver(secret).start() for secret in config["secrets"]]
    print(json.dumps({"urls": [receiver.url for receiver in receivers]}), flush=True)
    try:
        for line in sys.stdin:
            command = json.loads(line)
            if command == "stats":
                answer = {
                    "receivers": [
                        {
                            "accepted": list(receiver.deliveries),
                            "posts": sum(receiver.attempts.values()),
                            "duplicates": receiver.duplicate_count,
                            "rejected": len(receiver.rejected),
                        }
                        for receiver in receivers
                    ]
                }
            elif command == "reset":
                for receiver in receivers:
                    receiver.reset()
                answer = {"ok": True}
            else:
                break
            print(json.dumps(answer), flush=True)
    finally:
        for receiver in receivers:
            receiver.stop()


if __name__ == "__main__":
    _serve()
