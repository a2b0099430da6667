"""A document that is not public answers exactly like a page that never existed: same status, same body."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from interpretation.models import PolicyAttachment
from tests.public import corpus

pytestmark = pytest.mark.django_db


def missing(client, url):
    response = client.get(url)
    assert response.status_code == 404, url
    return response.content


def test_hidden_documents_their_materials_and_files_answer_the_plain_404(client, hidden):
    plain = missing(client, "/policies/no-such-document-7f3a/")
    for slug, *_ in corpus.HIDDEN:
        policy = hidden[slug]
        document = get_document_model().objects.create(
            title=f"{policy.title}附件", file=SimpleUploadedFile(f"{slug}.pdf", b"%PDF-1.4 hidden")
        )
        PolicyAttachment.objects.create(page=policy, document=document)
        urls = [policy.url, *(m.url for m in policy.live_materials()), document.url, document.file.url]
        assert len(urls) >= 4
        for url in urls:
            assert missing(client, url) == plain, url
    assert "该文件不公开".encode() not in plain


def test_even_with_debug_pages_nothing_says_the_document_exists(client, hidden, settings):
    settings.DEBUG = True
    for slug, *_ in corpus.HIDDEN:
        body = client.get(hidden[slug].url).content.decode()
        assert "该文件不公开" not in body and corpus.HIDDEN_WORD not in body
