"""Renderers: each a pure function of a Report (or several) to text."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported for the annotations only: ``import ipscore`` loads this package
    from ipscore.lang import Lang
    from ipscore.report import Report


class Format(StrEnum):
    """The report formats, each with the suffix of the file it is written to."""

    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"

    @property
    def suffix(self) -> str:
        return _SUFFIX[self]


_SUFFIX = {Format.table: ".txt", Format.json: ".json", Format.markdown: ".md", Format.html: ".html"}


def render(reports: list[Report], fmt: str, lang: Lang = "zh", by_owner: bool = False) -> str:
    """Render reports in one format; text formats put several reports one after another."""
    if fmt == "json":
        from ipscore.render.json_report import render_json

        return render_json(reports)
    if fmt == "html":
        from ipscore.render.html import render_html

        return render_html(reports, lang, by_owner)
    if fmt == "markdown":
        from ipscore.render.markdown import render_markdown

        return "\n".join(render_markdown(report, lang, by_owner) for report in reports)
    from ipscore.render.table import render_table

    return "\n".join(render_table(report, lang, by_owner) for report in reports)
