"""Generated images: sizes, formats, the 64 KB thumbnail bound, text really drawn, alt text."""

import dataclasses
import io

import pytest
import qrcode
from PIL import Image, ImageChops

from media_templates.images.cover import draw_cover, draw_thumbnail, render_cover, render_thumbnail
from media_templates.images.fonts import MissingGlyph
from media_templates.images.graphic import render_graphic
from media_templates.images.poster import render_poster

LONG = "和历市人民政府办公室关于印发《和历市促进中小企业高质量发展若干措施（2025—2027年）》及配套实施细则的通知" * 2
TITLES = ["通知", "关于做好春节期间安全生产工作的通知", LONG, "COVID-19 Vaccination Guidance 2025 和历市卫生健康委员会"]


def opened(image):
    im = Image.open(io.BytesIO(image.data))
    im.load()
    return im


def test_cover_size_format_alt(policy, style):
    cover = render_cover(policy, style=style)
    im = opened(cover)
    assert (im.format, im.size, cover.size, cover.format) == ("JPEG", (900, 383), (900, 383), "JPEG")
    assert cover.alt.startswith("封面图：") and policy.title in cover.alt and cover.mime_type == "image/jpeg"


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("side", [200, 360, 640])
def test_thumbnail_square_jpeg_within_64kb(policy, style, title, side):
    thumb = render_thumbnail(dataclasses.replace(policy, title=title), style=style, size=side)
    im = opened(thumb)
    assert im.format == "JPEG" and im.width == im.height == thumb.size[0]
    assert len(thumb.data) <= 64 * 1024
    assert thumb.alt.startswith("缩略图：")


def test_thumbnail_search_lowers_quality_then_size(policy, style):
    big = render_thumbnail(policy, style=style, size=1200)
    assert len(big.data) <= 64 * 1024
    tight = render_thumbnail(policy, style=style, size=600, max_bytes=12 * 1024)
    assert len(tight.data) <= 12 * 1024
    assert tight.size[0] < 600 or tight.meta["quality"] < 92  # it had to search
    tiny = render_thumbnail(policy, style=style, size=600, max_bytes=4 * 1024)
    assert len(tiny.data) <= 4 * 1024 and tiny.size[0] < 600


def _changed_fraction(a: Image.Image, b: Image.Image, box) -> float:
    diff = ImageChops.difference(a.crop(box).convert("L"), b.crop(box).convert("L"))
    return sum(diff.histogram()[41:]) / ((box[2] - box[0]) * (box[3] - box[1]))


def test_title_text_really_rendered_on_cover(policy, style):
    with_text = draw_cover(policy, style)
    without = draw_cover(dataclasses.replace(policy, title=""), style)
    title_area = (50, 110, 850, 300)
    assert _changed_fraction(with_text, without, title_area) > 0.05
    other = draw_cover(dataclasses.replace(policy, title="关于做好春节期间安全生产工作的通知"), style)
    assert _changed_fraction(with_text, other, title_area) > 0.05  # different text, different pixels


def test_title_text_really_rendered_on_thumbnail(policy, style):
    a = draw_thumbnail(policy, style, 360)
    b = draw_thumbnail(dataclasses.replace(policy, title=" "), style, 360)
    assert _changed_fraction(a, b, (28, 80, 332, 290)) > 0.05


@pytest.mark.parametrize("render", [render_cover, render_thumbnail, render_poster])
def test_missing_glyph_is_caught(policy, style, render):
    with pytest.raises(MissingGlyph, match="😀"):
        render(dataclasses.replace(policy, title="惠企政策😀来了"), style=style)


def test_graphic_long_image(spec, style):
    graphic = render_graphic(spec, style=style)
    im = opened(graphic)
    assert im.format == graphic.format == "PNG" and im.width == 750 and im.height > 3000
    assert len(graphic.data) < 1_000_000  # WeChat media/uploadimg
    assert graphic.alt.startswith("图解：") and spec.title in graphic.alt
    text = graphic.text_equivalent
    for piece in (
        "一、核心要点",
        "1. 加大融资支持（5000万元）",
        "10. 加强组织保障",
        "第4步：资金直达企业账户",
        "问：哪些企业可以申请？",
        spec.source_line,
    ):
        assert piece in text
    assert "<ol>" in graphic.text_equivalent_html and "最高50万元" in graphic.text_equivalent_html


def test_graphic_grows_with_content_and_draws_figures(spec, style):
    short = dataclasses.replace(spec, key_points=spec.key_points[:2], steps=(), qa=())
    full, small = opened(render_graphic(spec, style=style)), opened(render_graphic(short, style=style))
    assert small.height < full.height / 2
    no_figures = dataclasses.replace(
        short, key_points=tuple(dataclasses.replace(p, figure="") for p in short.key_points)
    )
    assert opened(render_graphic(no_figures, style=style)).height < small.height


def test_graphic_missing_glyph(spec, style):
    with pytest.raises(MissingGlyph):
        render_graphic(dataclasses.replace(spec, steps=("扫码𠀀办理",)), style=style)


def test_poster_qr_code_opens_the_policy_page(policy, style, spec):
    poster = render_poster(policy, style=style, spec=spec)
    im = opened(poster).convert("L")
    assert poster.size == im.size == (750, 1334) and poster.format == "JPEG"
    assert "长按识别二维码" in poster.alt and policy.url in poster.text_equivalent
    x, y, module, count, border = poster.meta["qr_box"]
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(policy.url)
    code.make(fit=True)
    matrix = code.get_matrix()
    assert len(matrix) == count
    wrong = 0
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            px = im.getpixel((x + (c + border) * module + module // 2, y + (r + border) * module + module // 2))
            wrong += dark != (px < 128)
    assert wrong == 0


def test_poster_for_another_url(policy, style):
    poster = render_poster(policy, style=style, url="https://www.example.gov.cn/s/abc")
    assert poster.meta["url"] == "https://www.example.gov.cn/s/abc"


def test_logo_from_style(policy, style, tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (80, 80), (255, 215, 0, 255)).save(logo)
    plain = draw_cover(policy, style)
    with_logo = draw_cover(policy, dataclasses.replace(style, logo_path=str(logo)))
    assert _changed_fraction(plain, with_logo, (50, 35, 100, 85)) > 0.3


def test_graphic_too_long_is_refused(spec, style):
    from media_templates.images.graphic import GraphicTooLong

    huge = dataclasses.replace(spec, key_points=spec.key_points * 8)
    with pytest.raises(GraphicTooLong, match="图解内容过多"):
        render_graphic(huge, style=style)


def test_every_image_has_alt_and_text_equivalent(policy, spec, style):
    for image in (
        render_cover(policy, style=style),
        render_thumbnail(policy, style=style),
        render_graphic(spec, style=style),
        render_poster(policy, style=style),
    ):
        assert image.alt and image.text_equivalent and image.text_equivalent_html.startswith("<")
