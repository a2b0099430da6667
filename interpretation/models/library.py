"""The library's tree: 政策文件库 > 公开主体栏目 (one per body) > 部门栏目 > 政策文件 > 解读材料.

Every policy page exists once, in its body's column; the library, the search, the feeds and the 发布机构 facet
read across the columns, and a body's own site has its column as root. Rights follow the tree: a department's
group edits its section, a body's groups work in its column.
"""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page

from bodies.models import DisclosingBody
from interpretation.choices import DisclosureAttribute
from interpretation.models.page_rights import BodyScopedPagePermissions
from interpretation.models.policy import PolicyDocumentPage, public_policies
from interpretation.models.taxonomy import DraftingDepartment


def on_request_entries():
    """依申请公开目录 rows: title, number and date only; the body is released on application."""
    return (
        PolicyDocumentPage.objects.live()
        .filter(disclosure_attribute=DisclosureAttribute.ON_REQUEST)
        .select_related("drafting_department", "disclosing_body")
        .order_by("-date_written")
    )


class PolicyLibraryPage(RoutablePageMixin, Page):
    """政策文件库: every body's column, and the public on-request catalog of them all."""

    intro = models.TextField(_("简介"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["interpretation.BodySectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("政策文件库")
        verbose_name_plural = _("政策文件库")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["policies"] = public_policies().descendant_of(self).order_by("-first_published_at")[:50]
        return context

    @path("catalog/", name="on_request_catalog")
    def on_request_catalog(self, request):
        """依申请公开目录: title, number and date only; the body is released on application."""
        return self.render(
            request,
            context_overrides={"entries": on_request_entries().descendant_of(self)},
            template="interpretation/on_request_catalog.html",
        )


class BodySectionPage(BodyScopedPagePermissions, RoutablePageMixin, Page):
    """公开主体栏目: a body's own disclosure column (its policies, guide and catalogues), holding its departments."""

    disclosing_body = models.OneToOneField(
        DisclosingBody, verbose_name=_("公开主体"), on_delete=models.PROTECT, related_name="section"
    )

    content_panels = [*Page.content_panels, FieldPanel("disclosing_body")]
    parent_page_types = ["interpretation.PolicyLibraryPage"]
    subpage_types = ["interpretation.DepartmentSectionPage"]

    class Meta:
        verbose_name = _("公开主体栏目")
        verbose_name_plural = _("公开主体栏目")

    def get_context(self, request, *args, **kwargs):
        """The body and its latest policies; the public site adds the facets and pagination (public.context)."""
        context = super().get_context(request, *args, **kwargs)
        context["body"] = self.disclosing_body
        context["policies"] = (
            public_policies()
            .filter(disclosing_body_id=self.disclosing_body_id)
            .select_related("topic", "disclosing_body")
            .order_by("-first_published_at")[:50]
        )
        context["departments"] = DraftingDepartment.objects.filter(disclosing_body_id=self.disclosing_body_id)
        context["department_sections"] = DepartmentSectionPage.objects.child_of(self).live().order_by("path")
        context["annual_report_years"] = self.disclosing_body.annual_reports.filter(published=True).values_list(
            "year", flat=True
        )
        return context

    @path("catalog/", name="on_request_catalog")
    def on_request_catalog(self, request):
        """This body's 依申请公开目录 only, live, and the editions compiled each month or quarter."""
        from interpretation.disclosure_requests.catalogue import editions_of

        return self.render(
            request,
            context_overrides={
                "entries": on_request_entries().filter(disclosing_body_id=self.disclosing_body_id),
                "body": self.disclosing_body,
                "editions": editions_of(self.disclosing_body_id),
            },
            template="interpretation/on_request_catalog.html",
        )

    @re_path(r"^catalog/(?P<key>\d{4}-(?:q[1-4]|0[1-9]|1[0-2]))/$", name="on_request_catalogue_edition")
    def on_request_catalogue_edition(self, request, key):
        """One compiled edition, rendered from what was frozen when it was compiled."""
        from interpretation.disclosure_requests.models import CatalogueEdition

        edition = CatalogueEdition.objects.filter(disclosing_body_id=self.disclosing_body_id, key=key).first()
        if edition is None:
            raise Http404
        return self.render(
            request,
            context_overrides={"edition": edition, "body": self.disclosing_body},
            template="interpretation/on_request_catalogue_edition.html",
        )

    @path("annual-report/<int:year>/", name="annual_report")
    def annual_report(self, request, year: int):
        """This body's published 政府信息公开工作年度报告, a page of its disclosure column."""
        from interpretation.disclosure_requests import report_pages  # the app builds on the library, not back

        return self.render(
            request, context_overrides=report_pages.context(self.disclosing_body, year), template=report_pages.TEMPLATE
        )


class DepartmentSectionPage(BodyScopedPagePermissions, Page):
    """A drafting department's own section: its group may edit here and nowhere else."""

    department = models.OneToOneField(
        DraftingDepartment, verbose_name=_("起草部门"), on_delete=models.PROTECT, related_name="section"
    )

    content_panels = [*Page.content_panels, FieldPanel("department")]
    parent_page_types = ["interpretation.BodySectionPage"]
    subpage_types = ["interpretation.PolicyDocumentPage"]

    class Meta:
        verbose_name = _("部门栏目")
        verbose_name_plural = _("部门栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["policies"] = public_policies().child_of(self).order_by("-first_published_at")
        return context
