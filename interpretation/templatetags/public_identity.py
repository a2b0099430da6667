"""{% site_identity as identity %}: the body whose name the page's header, title and footer wear."""

from django import template

from interpretation.public import identity

register = template.Library()


@register.simple_tag(takes_context=True)
def site_identity(context):
    return identity.for_request(context.get("request"))
