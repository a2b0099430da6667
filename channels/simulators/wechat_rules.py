"""The rules WeChat applies to uploads and drafts, and the PUBLISHJOBFINISH event it pushes,
as the field notes describe them. Pure functions: the simulator's HTTP side is in wechat.py."""

from __future__ import annotations

import hashlib
import re
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urlsplit

import xmltodict
from wechatpy.crypto import WeChatCrypto

MB = 1024 * 1024
IMAGE_LIMIT = MB  # media/uploadimg: jpg/png under 1 MB
THUMB_LIMIT = 64 * 1024  # material type=thumb: JPEG, at most 64 KB
MATERIAL_IMAGE_LIMIT = 10 * MB  # material type=image
WECHAT_HOSTS = {"mp.weixin.qq.com", "mmbiz.qpic.cn"}
DAY = 86400
TITLE_MAX, AUTHOR_MAX, DIGEST_MAX, CONTENT_MAX_CHARS = 32, 16, 128, 20_000

ERRORS = {
    40001: "invalid credential, access_token is invalid or not latest",
    40002: "invalid grant_type",
    40004: "invalid media type",
    40005: "invalid file type",
    40007: "invalid media_id",
    40009: "invalid image size",
    40013: "invalid appid",
    40125: "invalid appsecret",
    40164: "invalid ip, not in whitelist",
    41001: "access_token missing",
    41005: "media data missing",
    42001: "access_token expired",
    44003: "empty news data",
    45002: "content size out of limit",
    45003: "title size out of limit",
    45004: "description size out of limit",
    45009: "reach max api daily quota limit",
    45011: "api minute-quota reach limit  mustslower  retry next minute",
    45028: "has no masssend quota",
    45065: "clientmsgid exist",
    45110: "author size out of limit",
    45166: "invalid content",
    47001: "data format error",
}

#: The permanent error the "reject" fault answers on each endpoint (a person must act; retrying is useless).
REJECTIONS = {
    "draft/add": 45166,
    "freepublish/submit": 53503,
    "media/uploadimg": 40005,
    "material/add_material": 40009,
}


def error(code: int, detail: str = "") -> dict:
    message = ERRORS.get(code, "error")
    return {"errcode": code, "errmsg": f"{message}{' ' + detail if detail else ''} rid: sim"}


def image_kind(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data.startswith(b"BM"):
        return "bmp"
    return None


def multipart_file(content_type: str, body: bytes, field: str = "media"):
    """(filename, content_type, bytes) of a multipart/form-data field, or None."""
    match = re.search(r'boundary="?([^";]+)"?', content_type or "")
    if not content_type.startswith("multipart/form-data") or not match:
        return None
    delimiter = b"--" + match.group(1).encode("latin-1")
    for part in body.split(delimiter)[1:]:
        if part.startswith(b"--"):
            break
        head, _, data = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        named = re.search(r'\bname="([^"]*)"', disposition)
        if named and named.group(1) == field:
            filename = re.search(r'filename="([^"]*)"', disposition)
            data = data[:-2] if data.endswith(b"\r\n") else data
            return (filename.group(1) if filename else "", headers.get("content-type", ""), data)
    return None


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        wanted = {"a": "href", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value is not None:
                self.urls.append(value.strip())


def foreign_links(html: str) -> list[str]:
    """<a href> and <img src> values that point anywhere but WeChat's own hosts."""
    collector = _LinkCollector()
    collector.feed(html)
    collector.close()
    foreign = []
    for url in collector.urls:
        parts = urlsplit(url)
        if not parts.scheme and not parts.netloc:
            continue  # "#note-1" and other in-page references
        if parts.scheme in ("http", "https") and (parts.hostname or "") in WECHAT_HOSTS:
            continue
        foreign.append(url)
    return foreign


def strip_scripts(html: str) -> str:
    html = re.sub(r"<(script|style)\b[^>]*>.*?</\1\s*>", "", html, flags=re.S | re.I)
    return re.sub(r"<script\b[^>]*/?>", "", html, flags=re.I)


def check_article(article: dict, permanent_media: set[str]) -> dict | None:
    """The error draft/add answers for one article, or None if WeChat would accept it."""
    if not isinstance(article, dict) or not article.get("title") or "content" not in article:
        return error(47001, "title and content are required")
    if len(article["title"]) > TITLE_MAX:
        return error(45003)
    if len(article.get("author") or "") > AUTHOR_MAX:
        return error(45110)
    if len(article.get("digest") or "") > DIGEST_MAX:
        return error(45004)
    content = article["content"] or ""
    if len(content) >= CONTENT_MAX_CHARS or len(content.encode("utf-8")) >= MB:
        return error(45002)
    links = foreign_links(content)
    if links:
        return error(45166, f"hint: link to {links[0][:80]} is not allowed")
    if article.get("thumb_media_id") not in permanent_media:
        return error(40007, "thumb_media_id must be a permanent material")
    return None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def signature(token: str, timestamp: str, nonce: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode("utf-8")).hexdigest()


def publish_event_xml(job: dict, to_user: str, create_time: int) -> str:
    """The PUBLISHJOBFINISH event as WeChat pushes it (plaintext mode)."""
    items = "".join(
        f"<item><idx>{i}</idx><article_url><![CDATA[{url}]]></article_url></item>"
        for i, url in enumerate(job.get("article_urls", []), start=1)
    )
    detail = f"<article_detail><count>{len(job.get('article_urls', []))}</count>{items}</article_detail>"
    fail = "".join(f"<value>{i}</value>" for i in job.get("fail_idx", []))
    return (
        f"<xml><ToUserName><![CDATA[{to_user}]]></ToUserName>"
        "<FromUserName><![CDATA[oWeChatPlatformSystem]]></FromUserName>"
        f"<CreateTime>{create_time}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        "<Event><![CDATA[PUBLISHJOBFINISH]]></Event><PublishEventInfo>"
        f"<publish_id>{job['publish_id']}</publish_id><publish_status>{job['outcome']}</publish_status>"
        + (f"<article_id><![CDATA[{job['article_id']}]]></article_id>{detail}" if job["outcome"] == 0 else "")
        + (f"<fail_idx>{fail}</fail_idx>" if fail else "")
        + "</PublishEventInfo></xml>"
    )


def encrypted_event(
    xml: str, to_user: str, token: str, aes_key: str, app_id: str, timestamp: str, nonce: str, compat: bool = False
) -> tuple[str, str]:
    """(body, msg_signature) of an event as WeChat pushes it in 安全模式 (ToUserName and Encrypt only) or 兼容模式 (the
    plaintext fields and Encrypt): encrypted and signed by wechatpy, as the account's EncodingAESKey and token say."""
    reply = xmltodict.parse(WeChatCrypto(token, aes_key, app_id).encrypt_message(xml, nonce, timestamp))["xml"]
    encrypt = f"<Encrypt><![CDATA[{reply['Encrypt']}]]></Encrypt>"
    if compat:
        body = xml.replace("</xml>", f"{encrypt}</xml>")
    else:
        body = f"<xml><ToUserName><![CDATA[{to_user}]]></ToUserName>{encrypt}</xml>"
    return body, reply["MsgSignature"]


def final_status(job: dict) -> dict:
    result = {
        "publish_id": job["publish_id"],
        "publish_status": job["outcome"],
        "fail_idx": job["fail_idx"],
    }
    if job["outcome"] == 0:
        items = [{"idx": i, "article_url": u} for i, u in enumerate(job["article_urls"], start=1)]
        result["article_id"] = job["article_id"]
        result["article_detail"] = {"count": len(items), "item": items}
    return result


def beijing_day(timestamp: float) -> int:
    return int((timestamp + 8 * 3600) // DAY)


def post_xml(url: str, body: bytes, timeout: float = 5.0) -> str:
    """One push as WeChat makes it; any failure is a reply that is not "success"."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "text/xml"}, method="POST")
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace").strip()
    except OSError as exc:
        return f"<{type(exc).__name__}: {exc}>"
