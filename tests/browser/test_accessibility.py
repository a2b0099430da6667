"""axe-core on every public page type: no serious or critical violation (WCAG 2.1 AA, which GB/T 37668 follows)."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from interpretation.models import AudioMaterialPage, GraphicImage, VideoMaterialPage
from tests.browser.conftest import shot
from tests.factories.library import release_policy
from tests.factories.policies import publish_update

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def every_page_type(site, seed):
    """One URL per public page type, with an image, audio, video and an on-request entry to show."""
    graphic = seed.live_materials().get(slug="graphic").specific
    buffer = io.BytesIO()
    PILImage.new("RGB", (960, 640), "#b3121b").save(buffer, "PNG")
    image = get_image_model().objects.create(title="图解", file=SimpleUploadedFile("graphic.png", buffer.getvalue()))
    GraphicImage.objects.create(page=graphic, image=image, alt_text="工作方案图解:四个方面17项任务")
    publish_update(graphic)
    media = {}
    for model, slug in ((AudioMaterialPage, "audio"), (VideoMaterialPage, "video")):
        page = model(
            title=f"政策解读{slug}",
            slug=slug,
            media_url=f"http://127.0.0.1/media/{slug}.mp4",
            transcript="<p>文字实录。</p>",
        )
        seed.add_child(instance=page)
        publish_update(page)
        media[slug] = page.url
    release_policy(slug="cehui", title="历阳镇测绘成果管理办法", disclosure="on_request", reason="涉密")
    materials = {m.slug: m.url for m in seed.live_materials()}
    return {
        "home": "/",
        "library": "/policies/?topic=zhengwu-gongkai",
        "column": "/policies/liyang/",
        "bodies": "/bodies/",
        "section": "/policies/liyang/dangzheng/",
        "policy": seed.url,
        "text": materials["interpretation"],
        "qa": materials["qa"],
        "graphic": materials["graphic"],
        "audio": media["audio"],
        "video": media["video"],
        "catalog": "/policies/catalog/",
        "search": "/search/?q=政务公开",
        "not-found": "/no-such-page/",
    }


def serious(page) -> list[str]:
    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} @ {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def test_no_serious_or_critical_violation_on_any_page_type(site, every_page_type, phone):
    found = {}
    for name, path in every_page_type.items():
        phone.goto(site + path)
        shot(phone, f"axe-{name}-phone")
        problems = serious(phone)
        if problems:
            found[name] = problems
    assert not found, found


def test_no_serious_or_critical_violation_in_elder_mode(site, every_page_type, desktop):
    desktop.goto(site + every_page_type["policy"])
    desktop.get_by_role("button", name="适老化模式").click()
    for name in ("policy", "search", "catalog"):
        desktop.goto(site + every_page_type[name])
        assert desktop.locator("html.elder").count() == 1
        assert serious(desktop) == [], name
    shot(desktop, "axe-catalog-elder-desktop")
