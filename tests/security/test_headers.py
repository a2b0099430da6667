"""What a browser is told about every response (等保 2.0): a Content-Security-Policy everywhere, no framing by other
sites, and public pages that need no inline script, so the strict policy costs the reader nothing."""

import re

import lxml.html
from django.contrib.auth import get_user_model

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy_of(response) -> dict[str, str]:
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.wsgi_request.path}"
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def log_in(client):
    client.force_login(get_user_model().objects.get(username="admin"))


def test_public_pages_carry_the_strict_policy_and_refuse_framing(client, policy):
    for url in ("/", policy.url, "/policies/", "/search/?q=政务公开", "/no-such-page/", "/static/css/site.css"):
        response = client.get(url)
        directives = policy_of(response)
        assert {key: directives.get(key) for key in STRICT} == STRICT, url
        assert "nonce-" not in response["Content-Security-Policy"], url
        if not url.startswith("/static/"):
            assert response["X-Frame-Options"] == "DENY", url
            assert response["X-Content-Type-Options"] == "nosniff", url


def test_public_pages_have_no_inline_script_handler_or_style(client, policy):
    for url in ("/", policy.url):
        html = client.get(url).content.decode()
        tree = lxml.html.fromstring(html)
        inline = [el for el in tree.iter("script") if not el.get("src") and el.get("type") != "application/json"]
        assert not inline, f"{url}: inline script {[lxml.html.tostring(el)[:80] for el in inline]}"
        handlers = [(el.tag, name) for el in tree.iter() for name in el.attrib if name.lower().startswith("on")]
        assert not handlers, f"{url}: inline handlers {handlers}"
        assert not [el for el in tree.iter() if "javascript:" in (el.get("href") or "").lower()], url
        assert not [el for el in tree.iter() if el.get("style") is not None], f"{url}: inline style"
        assert not list(tree.iter("style")), f"{url}: <style> block"


def test_the_login_page_and_the_admin_carry_a_policy_with_a_nonce_for_wagtails_own_scripts(client, policy):
    login = client.get("/admin/login/")
    assert login.status_code == 200 and login["X-Frame-Options"] == "DENY"
    assert policy_of(login)["frame-ancestors"] == "'none'"
    log_in(client)
    for url in ("/admin/", f"/admin/pages/{policy.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = policy_of(response)
        assert response["X-Frame-Options"] == "DENY" and directives["frame-ancestors"] == "'none'", url
        nonce = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9+/=]+)'", directives["script-src"])
        assert nonce, directives["script-src"]
        tree = lxml.html.fromstring(response.content.decode())
        unmarked = [el for el in tree.iter("script") if el.get("nonce") != nonce.group(1)]
        assert not unmarked, f"{url}: scripts without this response's nonce"
        # Forms that ask before they act do so from a file (data-confirm), not from an inline onsubmit.
        assert any((el.get("src") or "").endswith("security/confirm.js") for el in tree.iter("script")), url


def test_only_the_preview_may_be_framed_and_only_by_the_admin_itself(client, policy):
    log_in(client)
    # As the preview panel does: the edit form's data goes to the preview URL, then the iframe loads it.
    edit = lxml.html.fromstring(client.get(f"/admin/pages/{policy.pk}/edit/").content.decode())
    form = next(form for form in edit.forms if form.get("id") == "page-edit-form")
    preview = f"/admin/pages/{policy.pk}/edit/preview/"
    assert client.post(preview, dict(form.form_values())).json()["is_valid"]
    response = client.get(f"{preview}?in_preview_panel=true")
    assert response.status_code == 200 and policy.title in response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    directives = policy_of(response)
    assert directives["frame-ancestors"] == "'self'" and directives["script-src"] == "'self'"
    assert "nonce-" not in response["Content-Security-Policy"]
    edit = client.get(f"/admin/pages/{policy.pk}/edit/")
    assert edit["X-Frame-Options"] == "DENY"
