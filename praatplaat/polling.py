"""The tiny state answer phones and the shared screen poll: the conversation's version as an ETag."""

from __future__ import annotations

from flask import Response, current_app, request


def version_response(version: int) -> Response:
    """A tiny state answer for polling: 304 when the caller already has this version (If-None-Match)."""
    etag = f"v{version}"
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        response = current_app.json.response({"version": version})
    response.set_etag(etag)
    return response
