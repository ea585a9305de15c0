"""What every response and request is held to: security headers, the size of a form,
and ids that fit the database."""

from io import BytesIO

from flask import Flask, Request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from werkzeug.routing import IntegerConverter

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'; "
    "frame-ancestors 'none'"
)


class _FormDataParser(FormDataParser):
    """Werkzeug counts the fields of a multipart form only (MAX_FORM_PARTS); a urlencoded
    one, as every form here is, is counted here before it is parsed: a body of many empty
    fields costs a worker far more to parse than its size suggests, and counting the
    separators costs nothing."""

    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        if self.max_form_parts is not None:
            body = stream.read()
            if body.count(b"&") >= self.max_form_parts:
                raise RequestEntityTooLarge()
            stream = BytesIO(body)
        return super()._parse_urlencoded(stream, mimetype, content_length, options)


class FormRequest(Request):
    form_data_parser_class = _FormDataParser


class IdConverter(IntegerConverter):
    """Ids are 32-bit database integers: a larger number is no page (404), not an error."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.request_class = FormRequest
    app.url_map.converters["int"] = IdConverter

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
        return response
