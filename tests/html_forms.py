"""Reading HTML forms the way a browser submits them, for tests that drive pages over HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append(Form(attrs.get("action") or "", method))
        elif tag in ("input", "select", "textarea") and self.forms and attrs.get("name"):
            if attrs.get("type") in ("submit", "button", "checkbox", "radio"):
                return  # sent only when chosen
            self.forms[-1].fields[attrs["name"]] = attrs.get("value") or ""


def forms(html: str) -> list[Form]:
    """Every form on the page with the values its fields would submit as they stand."""
    parser = _FormParser()
    parser.feed(html)
    return parser.forms
