"""Filters that name the validation assistant's findings in words (``labels``)."""

from django import template

from herald.validation import labels

register = template.Library()
register.filter("check_label", labels.check_label)
register.filter("severity_label", labels.severity_label)
register.filter("field_label", labels.field_label)
register.filter("source_label", labels.source_label)
