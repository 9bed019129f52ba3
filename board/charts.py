"""The board's charts as SVG drawn on the server: no script, no library, no CDN, so the same
markup shows on the page and in the PDF. Pure functions of the pack's trend points.

Colour is never alone: each chart has a title, a legend in words and, beside it in the
template, the table of its numbers (its text alternative).
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from inspections.choices import RAG

# GOV.UK Frontend's colours of the RAG tags (red, orange, green, blue).
COLOURS = {RAG.RED: "#d4351c", RAG.AMBER: "#f47738", RAG.GREEN: "#00703c", RAG.BLUE: "#1d70b8"}
STACK = (RAG.BLUE, RAG.GREEN, RAG.AMBER, RAG.RED)  # bottom to top
# A narrow canvas with large type, so the labels stay readable scaled down to a phone.
WIDTH, HEIGHT = 480, 260
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 16, 60
# More points than this and only every other day is labelled (they would overlap).
LABELLED_POINTS = 7
TEXT = "#0b0c0c"


def short_day(day) -> str:
    """An axis label: "14 Sep"."""
    return f"{day.day} {day:%b}"


def _frame(chart_id: str, title: str, body: SafeString, legend: SafeString) -> SafeString:
    return format_html(
        '<svg class="board-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet" '
        'font-family="Arial, sans-serif" font-size="14">'
        '<title id="{}-title">{}</title>{}{}</svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        title,
        body,
        legend,
    )


def _axis(top: int, labels) -> SafeString:
    plot_bottom = HEIGHT - BOTTOM
    grid = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#b1b4b6" stroke-width="1"/>'
        '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>',
        (
            (LEFT, y, WIDTH - RIGHT, y, LEFT - 4, y + 4, TEXT, value)
            for value, y in ((v, _y(v, top)) for v in (0, top // 2, top))
        ),
    )
    step = 1 if len(labels) <= LABELLED_POINTS else 2
    # Every ``step``-th label counting back from the last, so the pack's own day is labelled.
    shown = labels[::-1][::step]
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>',
        ((x, plot_bottom + 18, TEXT, label) for x, label in shown),
    )
    return format_html("{}{}", grid, ticks)


def _y(value: float, top: float) -> int:
    plot = HEIGHT - TOP - BOTTOM
    return round(HEIGHT - BOTTOM - (value / top if top else 0) * plot)


def _slot(index: int, count: int) -> tuple[float, float]:
    plot = WIDTH - LEFT - RIGHT
    width = plot / max(count, 1)
    return LEFT + index * width, width


def _legend(items) -> SafeString:
    y = HEIGHT - 16
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
        '<text x="{}" y="{}" fill="{}">{}</text>',
        (
            (LEFT + n * 105, y - 11, colour, LEFT + n * 105 + 16, y, TEXT, label)
            for n, (colour, label) in enumerate(items)
        ),
    )


def rag_trend_svg(points: list[dict]) -> SafeString:
    """Stacked bars: actions per RAG on each day of the trend."""
    top = max([p["actions"] for p in points] + [1])
    bars, labels = [], []
    for n, point in enumerate(points):
        x, width = _slot(n, len(points))
        base = 0
        for rag in STACK:
            count = point[rag]
            if count:
                y0, y1 = _y(base, top), _y(base + count, top)
                bars.append(
                    (round(x + width * 0.15), y1, round(width * 0.7), y0 - y1, COLOURS[rag])
                )
            base += count
        labels.append((round(x + width / 2), short_day(point["on"])))
    body = format_html(
        "{}{}",
        _axis(top, labels),
        format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>', bars),
    )
    legend = _legend((COLOURS[rag], RAG(rag).label) for rag in reversed(STACK))
    return _frame("rag-trend", "Actions by RAG over time", body, legend)


def percent_complete_svg(points: list[dict]) -> SafeString:
    """A line: the percentage of actions complete on each day of the trend."""
    coords, labels = [], []
    for n, point in enumerate(points):
        x, width = _slot(n, len(points))
        centre = round(x + width / 2)
        coords.append((centre, _y(point["percent_complete"], 100)))
        labels.append((centre, short_day(point["on"])))
    line = " ".join(f"{x},{y}" for x, y in coords)
    body = format_html(
        '{}<polyline points="{}" fill="none" stroke="{}" stroke-width="3"/>{}',
        _axis(100, labels),
        line,
        COLOURS[RAG.BLUE],
        format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="4" fill="{}"/>',
            ((x, y, COLOURS[RAG.BLUE]) for x, y in coords),
        ),
    )
    legend = _legend([(COLOURS[RAG.BLUE], "Per cent complete")])
    return _frame("percent-complete", "Percentage of actions complete over time", body, legend)
