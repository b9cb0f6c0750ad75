"""A scriptable HTTP 'browser' for end-to-end tests: cookies, redirects and HTML forms."""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

import requests

from tests.html_forms import forms


class Browser:
    """requests.Session plus form submission; follows redirects unless told not to."""

    def __init__(self) -> None:
        self.http = requests.Session()

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.http.get(url, timeout=15, **kwargs)

    def submit(
        self, page: requests.Response, values: dict[str, str], *, having: str, follow: bool = True
    ) -> requests.Response:
        """Fill and submit the first form on ``page`` that has a field named ``having``."""
        form = next((f for f in forms(page.text) if having in f.fields), None)
        assert form is not None, (
            f"no form with a {having!r} field on {page.url}:\n{page.text[:2000]}"
        )
        data = {**form.fields, **values}
        target = urljoin(page.url, form.action or page.url)
        if form.method == "post":
            return self.http.post(target, data=data, timeout=15, allow_redirects=follow)
        return self.http.get(target, params=data, timeout=15, allow_redirects=follow)


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def has_password_form(page: requests.Response) -> bool:
    return any("password" in f.fields for f in forms(page.text))
