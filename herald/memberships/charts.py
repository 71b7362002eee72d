"""Small bar charts as inline SVG, drawn on the server (no JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Bar:
    label: str
    value: float


def bar_chart(title: str, bars: list[Bar], *, unit: str = "", width: int = 560,
              height: int = 180) -> SafeString:
    """An SVG bar chart with a title, each bar labelled and carrying its value."""
    top, bottom, left = 16, 28, 8
    peak = max((bar.value for bar in bars), default=0) or 1
    slot = (width - left) / max(len(bars), 1)
    plot = height - top - bottom
    rows = []
    for index, bar in enumerate(bars):
        h = round(plot * bar.value / peak, 1)
        x = round(left + index * slot + slot * 0.15, 1)
        w = round(slot * 0.7, 1)
        y = round(top + plot - h, 1)
        value = f"{unit}{bar.value:g}"
        rows.append((x, y, w, h, f"{bar.label}: {value}", x + w / 2, top + plot + 16, bar.label,
                     x + w / 2, y - 3, value))
    shapes = format_html_join(
        "",
        '<g><rect x="{}" y="{}" width="{}" height="{}" fill="#2e6b8a"><title>{}</title></rect>'
        '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>'
        '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text></g>',
        rows,
    )
    return format_html(
        '<figure class="revenue-chart"><figcaption><strong>{}</strong></figcaption>'
        '<svg role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg">{}<line x1="{}" y1="{}" x2="{}" y2="{}" '
        'stroke="#666"/></svg></figure>',
        title, title, width, height, shapes, left, top + plot, width, top + plot,
    )
