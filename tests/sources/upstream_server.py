"""A loopback HTTP server that plays upstream government sites, good and bad.

Runs stdlib ``ThreadingHTTPServer`` on 127.0.0.1 with a free port. Every route is a function
of the request handler, so tests can add their own with ``server.route(path, handler)``.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from channels.sources.demo import SAMPLES_DIR

ETAG = '"feed-v1"'
LAST_MODIFIED = "Mon, 03 Mar 2025 02:00:00 GMT"

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>测试订阅</title><link>http://127.0.0.1/</link>
<item><title>国务院关于测试的通知（国发〔2025〕9号）</title><link>/zc/9.html</link>
<guid>test-9</guid><pubDate>2025-03-01 10:00</pubDate><description>测试正文。</description></item>
</channel></rss>
"""

GB2312_FEED = (
    "<?xml version='1.0'?><rss version='2.0'><channel><title>省政府文件</title>"
    "<item><title>关于印发全省政务公开工作要点的通知</title><link>http://127.0.0.1/a.html</link>"
    "<description>各市人民政府，省政府各部门：现将工作要点印发给你们，请认真贯彻执行。</description>"
    "</item></channel></rss>"
).encode("gb2312")

GBK_PAGE = (
    '<html><head><meta charset="utf-8"><title>通知公告</title></head><body>'
    '<ul id="list"><li><a href="/zc/1.html">关于进一步做好政务公开工作的通知</a><span>2025年3月1日</span></li>'
    "</ul></body></html>"
).encode("gbk")

MALFORMED_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>broken</title>
<item><title>\xe5\x8f\xaf\xe6\x81\xa2\xe5\xa4\x8d\xe7\x9a\x84\xe6\x9d\xa1\xe7\x9b\xae</title>
<link>http://127.0.0.1/ok.html</link><description>fine & dandy <b>unclosed</description></item>
</channel>"""

GARBAGE_FEED = b"<<<<this is not xml at all &&& </rss"

XSS_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>x</title>
<item><title>含脚本的条目</title><link>http://127.0.0.1/x.html</link>
<description><![CDATA[<p onclick="steal()">正文<script>alert('feed')</script>
<img src="/logo.png" onerror="alert(1)"><a href="javascript:alert(2)">点我</a>
<iframe src="http://127.0.0.1/evil"></iframe><a href="/ok.html">详情</a></p>]]></description></item>
</channel></rss>
"""


class UpstreamServer:
    def __init__(self) -> None:
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.release = threading.Event()
        self.active: dict[str, int] = {}  # requests being served now, per path
        self.max_active: dict[str, int] = {}  # the most at once, per path
        self._lock = threading.Lock()
        self._install_default_routes()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, handler: Callable[[BaseHTTPRequestHandler], None]) -> None:
        self.routes[path] = handler

    def start(self) -> UpstreamServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                path = self.path.split("?", 1)[0]
                server.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
                with server._lock:
                    server.active[path] = server.active.get(path, 0) + 1
                    server.max_active[path] = max(server.max_active.get(path, 0), server.active[path])
                self._serving = path
                try:
                    handler = server.routes.get(path)
                    if handler is None and path.startswith("/samples/"):
                        handler = _sample_file(path.removeprefix("/samples/"))
                    if handler is None:
                        send(self, 404, b"not found")
                    else:
                        handler(self)
                finally:
                    self._served()

            def send_response(self, *args, **kwargs):
                # A request stops counting as active when its answer starts, not when this thread gets round to
                # it after the answer is out: by then the client may have read it and sent its next request.
                self._served()
                super().send_response(*args, **kwargs)

            def _served(self):
                path, self._serving = getattr(self, "_serving", None), None
                if path is not None:
                    with server._lock:
                        server.active[path] -= 1

        return Handler

    def _install_default_routes(self) -> None:
        def feed(h):
            if h.headers.get("If-None-Match") == ETAG or h.headers.get("If-Modified-Since") == LAST_MODIFIED:
                send(h, 304, b"", {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})
            else:
                send(
                    h,
                    200,
                    RSS.encode(),
                    {"Content-Type": "application/rss+xml", "ETag": ETAG, "Last-Modified": LAST_MODIFIED},
                )

        def hang(h):
            server_wait = self.release.wait(timeout=10)
            if not server_wait:
                send(h, 200, b"too late")

        def slow(h):
            time.sleep(0.3)
            send(h, 200, b"slow but fine")

        def bomb(h):
            send(h, 200, BOMB, {"Content-Encoding": "gzip", "Content-Type": "text/html"})

        def big_streamed(h):
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Connection", "close")
            h.end_headers()
            try:
                for _ in range(64):
                    h.wfile.write(b"x" * 65536)
            except OSError:
                pass  # the client hung up once it had enough: that is the point

        redirect_to = {
            "/moved-301": (301, "/moved-308"),
            "/moved-308": (308, "/feed.xml"),
            "/to-private": (302, "http://10.0.0.1/feed.xml"),
            "/to-metadata": (301, "http://169.254.169.254/latest/meta-data/"),
            "/to-other-host": (302, "http://evil.example/feed.xml"),
            "/to-file": (302, "file:///etc/passwd"),
            "/to-userinfo": (302, "http://127.0.0.1@evil.example/feed.xml"),
        }
        for path, (status, location) in redirect_to.items():
            self.route(path, lambda h, s=status, loc=location: send(h, s, b"", {"Location": loc}))
        for n in range(1, 8):
            self.route(f"/chain/{n}", lambda h, n=n: send(h, 302, b"", {"Location": f"/chain/{n - 1}"}))
        self.route("/chain/0", feed)
        self.route("/feed.xml", feed)
        self.route("/stable.html", lambda h: send(h, 200, "<p>不变的页面</p>".encode(), {"Content-Type": "text/html"}))
        self.route("/gone", lambda h: send(h, 410, b"gone"))
        self.route("/busy", lambda h: send(h, 429, b"slow down", {"Retry-After": "120"}))
        self.route("/busy-date", lambda h: send(h, 503, b"", {"Retry-After": "Wed, 21 Oct 2037 07:28:00 GMT"}))
        self.route("/missing-page", lambda h: send(h, 404, b"nope"))
        self.route("/broken-server", lambda h: send(h, 500, b"oops"))
        self.route("/hang", hang)
        self.route("/slow", slow)
        self.route("/big", lambda h: send(h, 200, b"x" * 2_000_000, {"Content-Type": "text/html"}))
        self.route("/big-streamed", big_streamed)
        self.route("/bomb", bomb)
        self.route(
            "/gzip-ok",
            lambda h: send(
                h, 200, gzip.compress("压缩的正文".encode()), {"Content-Encoding": "gzip", "Content-Type": "text/plain"}
            ),
        )
        self.route("/gbk-page.html", lambda h: send(h, 200, GBK_PAGE, {"Content-Type": "text/html; charset=utf-8"}))
        self.route("/gb2312-feed.xml", lambda h: send(h, 200, GB2312_FEED, {"Content-Type": "application/xml"}))
        self.route("/malformed.xml", lambda h: send(h, 200, MALFORMED_FEED, {"Content-Type": "application/xml"}))
        self.route("/garbage.xml", lambda h: send(h, 200, GARBAGE_FEED, {"Content-Type": "application/xml"}))
        self.route("/xss-feed.xml", lambda h: send(h, 200, XSS_FEED.encode(), {"Content-Type": "application/xml"}))


BOMB = gzip.compress(b"\0" * 50_000_000, compresslevel=9)  # ~50 KB on the wire, 50 MB unpacked


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None):
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    if status != 304:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if body and status != 304:
        try:
            handler.wfile.write(body)
        except OSError:
            pass  # client gave up early (size cap, timeout)


def _sample_file(relative: str):
    path = (SAMPLES_DIR / relative).resolve()
    if not path.is_relative_to(SAMPLES_DIR) or not path.is_file():
        return None
    types = {".html": "text/html; charset=utf-8", ".xml": "application/rss+xml", ".json": "application/json"}
    content_type = types.get(Path(path).suffix, "application/octet-stream")
    return lambda h: send(h, 200, path.read_bytes(), {"Content-Type": content_type})


def self_signed_certificate(folder: Path, hostname: str) -> tuple[Path, Path]:
    """A throwaway certificate (and key) for ``hostname``, valid for a day."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / f"{hostname}.crt", folder / f"{hostname}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


def serve_tls(server: UpstreamServer, cert_file: Path, key_file: Path) -> UpstreamServer:
    """Wrap a not-yet-started server's socket in TLS with the given certificate."""
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    return server
