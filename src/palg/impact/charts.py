"""The report's charts: matplotlib (Agg) SVG, readable without colour (markers, hatching and
line styles, each series labelled directly), each with a text alternative: a <title> and <desc>
inside the SVG, a sentence, and the data table beside it in the report.

palg's Content-Security-Policy allows no inline styles, so matplotlib's style attributes are
rewritten as SVG presentation attributes and its <style> block is dropped: the same SVG is then
inline in the HTML page and in the PDF.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html import escape

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from palg.impact.report import LC, Report  # noqa: E402

plt.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "palg-report",
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)
INK = "#1a1a1a"
GREY = "#6b6b6b"
SHORT = {
    "Baseline": "Base",
    "Mid-programme": "Mid",
    "End of programme": "End",
    "Follow-up": "Follow",
}
LIGHT = "#d9d9d9"


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    sentence: str  # the text alternative, shown under the chart
    svg: str


_STYLE = re.compile(r'style="([^"]*)"')
_FONT = re.compile(r"^(?:(?P<weight>bold|normal|\d00)\s+)?(?P<size>[\d.]+px)\s+(?P<family>.+)$")


def _attributes(match: re.Match) -> str:
    attrs = []
    for part in match.group(1).split(";"):
        if ":" not in part:
            continue
        name, value = (s.strip() for s in part.split(":", 1))
        if name == "font":
            font = _FONT.match(value)
            if font:
                if font.group("weight"):
                    attrs.append(f'font-weight="{font.group("weight")}"')
                attrs.append(f'font-size="{font.group("size")}"')
                family = font.group("family").replace("'", "")
                attrs.append(f'font-family="{family}"')
            continue
        attrs.append(f'{name}="{value}"')
    return " ".join(attrs)


def _svg(fig, key: str, title: str, sentence: str) -> str:
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(fig)
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = _STYLE.sub(_attributes, svg)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r'\s(width|height)="[\d.]+pt"', "", svg[:400], count=2) + svg[400:]
    # Several charts share one page: make every id (and every reference to one) the chart's own.
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{key}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{key}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{key}-\1"', svg)
    head = (
        f'<svg role="img" aria-labelledby="{key}-title {key}-desc" class="chart-svg"'
        f' preserveAspectRatio="xMidYMid meet"'
    )
    svg = svg.replace("<svg", head, 1)
    close = svg.index(">") + 1
    return (
        svg[:close]
        + f'<title id="{key}-title">{escape(title)}</title><desc id="{key}-desc">'
        + f"{escape(sentence)}</desc>"
        + svg[close:]
    )


def _label(ax, x, y, text, **kw):
    ax.annotate(text, (x, y), textcoords="offset points", xytext=(4, 0), va="center",
                color=INK, **kw)  # fmt: skip


def level3_chart(report: Report) -> Chart | None:
    wanted = ["Experiments committed", "Experiments reported back", "Experiments completed",
              "Experiments dropped"]  # fmt: skip
    rows = [r for r in report.level3 if r.measure in wanted and r.shown]
    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * len(rows)))
    hatches = ["", "///", "xx", ".."]
    labels = [r.measure.removeprefix("Experiments ") for r in rows]
    for i, row in enumerate(rows):
        ax.barh(i, row.value, color=LIGHT if i else GREY, edgecolor=INK, hatch=hatches[i % 4])
        _label(ax, row.value, i, str(row.value))
    ax.set_yticks(range(len(rows)), labels)
    ax.invert_yaxis()
    ax.set_xlabel("experiments")
    sentence = (
        "Experiments, pooled across sets: "
        + "; ".join(f"{label} {row.value}" for label, row in zip(labels, rows, strict=True))
        + "."
    )
    title = "Level 3: experiments committed, reported back, completed and dropped"
    return Chart("chart-level3", title, sentence, _svg(fig, "chart-level3", title, sentence))


def lc_chart(report: Report) -> Chart | None:
    learning = [
        r for r in report.lc if r.breakdown.startswith("month") and r.measure.startswith("L")
    ]
    change = [r for r in report.lc if r.breakdown.startswith("month") and r.measure.startswith("C")]
    if not change:
        return None
    months = [r.breakdown.removeprefix("month ") for r in change]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6, 3.6), sharex=True)
    xs = list(range(len(months)))
    shown = [(i, r.value) for i, r in enumerate(learning) if r.shown]
    if shown:
        top.plot([i for i, _ in shown], [v for _, v in shown], color=INK, marker="o",
                 linestyle="-")  # fmt: skip
        _label(top, shown[-1][0], shown[-1][1], "L")
    top.set_ylabel("L: cycles per\nmember-month")
    bottom.plot(xs, [r.value for r in change], color=GREY, marker="s", linestyle="--")
    _label(bottom, xs[-1], change[-1].value, "C")
    bottom.set_ylabel("C: weighted\nchange events")
    bottom.set_xticks(xs, months, rotation=45, ha="right")
    withheld = len(learning) - len(shown)
    sentence = (
        f"{LC} by month from {months[0]} to {months[-1]}: L (solid line, circles) is shown for "
        f"{len(shown)} month(s){f', withheld for {withheld}' if withheld else ''}; C (dashed "
        f"line, squares) totals {sum(r.value for r in change)} weighted change events."
    )
    title = "L ≥ C: learning cycles per member-month against weighted change events"
    return Chart("chart-lc", title, sentence, _svg(fig, "chart-lc", title, sentence))


def level4_chart(report: Report) -> Chart | None:
    scales = [s for s in report.scales if any(r.shown for r in s.waves)]
    if not scales:
        return None
    fig, axes = plt.subplots(1, len(scales), figsize=(2.2 * len(scales) + 0.6, 2.4), squeeze=False)
    markers, styles = ["o", "s", "^", "D", "v"], ["-", "--", "-.", ":", "-"]
    parts = []
    for i, (ax, scale) in enumerate(zip(axes[0], scales, strict=True)):
        points = [(r.breakdown.removeprefix("wave "), r.value) for r in scale.waves if r.shown]
        xs = list(range(len(points)))
        ax.plot(xs, [v for _, v in points], color=INK, marker=markers[i % 5],
                linestyle=styles[i % 5])  # fmt: skip
        for x, (_, v) in zip(xs, points, strict=True):
            ax.annotate(f"{v:.1f}", (x, v), textcoords="offset points", xytext=(0, 7),
                        ha="center", fontsize=7, color=INK)  # fmt: skip
        ax.set_xticks(xs, [SHORT.get(w, w) for w, _ in points])
        ax.set_xlim(-0.4, len(xs) - 0.6)
        ax.set_ylim(scale.low, scale.high)
        ax.set_title(scale.name, fontsize=9)
        parts.append(f"{scale.name}: " + ", ".join(f"{w} {v:g}" for w, v in points))
    sentence = "Mean score per wave, pooled across sets. " + "; ".join(parts) + "."
    title = "Level 4: mean scale scores by wave"
    return Chart("chart-level4", title, sentence, _svg(fig, "chart-level4", title, sentence))


def charts(report: Report) -> dict[str, Chart]:
    found = {}
    for make in (level3_chart, lc_chart, level4_chart):
        chart = make(report)
        if chart is not None:
            found[chart.key] = chart
    return found
