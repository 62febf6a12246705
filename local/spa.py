"""Serving the built SPA (`frontend/dist`) with history-API fallback to `index.html`.

Text assets are sent compressed, as CloudFront does in production, so local Lighthouse figures mean
something: brotli when the client accepts it and the build wrote a `<file>.br` next to the file (the
vite `precompress` plugin does, with Node's zlib, so the local stack needs no brotli package), else
gzip from a `<file>.gz` sibling or compressed here once per file version and kept in memory.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

EXTRA_TYPES = {
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".html": "text/html; charset=utf-8", ".json": "application/json",
    ".webmanifest": "application/manifest+json", ".svg": "image/svg+xml", ".wasm": "application/wasm",
    ".woff2": "font/woff2", ".woff": "font/woff", ".map": "application/json", ".txt": "text/plain; charset=utf-8",
    ".lottie": "application/zip", ".webp": "image/webp", ".avif": "image/avif", ".ico": "image/x-icon",
}


# What is worth compressing: text. Images, fonts (woff2 is compressed already) and archives are not.
COMPRESSIBLE = frozenset({".js", ".mjs", ".css", ".html", ".svg", ".json", ".webmanifest", ".map", ".txt"})
MIN_COMPRESS_BYTES = 512  # below this the headers cost more than the bytes saved


def accepted_encodings(header: str | None) -> set[str]:
    """The codings an Accept-Encoding header allows (q=0 forbids one; `*` stands for the rest)."""
    allowed: dict[str, bool] = {}
    for item in (header or "").split(","):
        name, _, params = item.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        allowed[name] = q > 0
    wildcard = allowed.pop("*", None)
    result = {name for name, ok in allowed.items() if ok}
    if wildcard:
        result |= {c for c in ("br", "gzip") if c not in allowed}
    return result


@dataclass(frozen=True)
class StaticResponse:
    status: int
    headers: dict[str, str]
    body: bytes


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in EXTRA_TYPES:
        return EXTRA_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


class SpaSite:
    def __init__(self, dist: Path, *, enabled: bool, links: dict[str, str]) -> None:
        self.dist = dist.resolve()
        self.enabled = enabled
        self.links = links
        self._gzip_cache: dict[tuple[Path, int, int], bytes] = {}  # (file, mtime_ns, size) -> gzip body
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return self.enabled and (self.dist / "index.html").is_file()

    def _file_for(self, url_path: str) -> Path | None:
        parts = [p for p in PurePosixPath(unquote(url_path)).parts if p not in ("/", "")]
        if any(p in (".", "..") or "\\" in p or "\x00" in p for p in parts):
            return None
        candidate = self.dist.joinpath(*parts) if parts else self.dist / "index.html"
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError):
            return None
        if not resolved.is_relative_to(self.dist):
            return None
        if resolved.is_dir():
            resolved = resolved / "index.html"
        return resolved if resolved.is_file() else None

    def _encoded(self, target: Path, data: bytes, accept_encoding: str | None) -> tuple[str, bytes] | None:
        """(coding, body) for the best coding the client takes, or None to send `data` as it is."""
        if target.suffix.lower() not in COMPRESSIBLE or len(data) < MIN_COMPRESS_BYTES:
            return None
        codings = accepted_encodings(accept_encoding)
        stat = target.stat()
        for coding, suffix in (("br", ".br"), ("gzip", ".gz")):
            if coding not in codings:
                continue
            sibling = target.with_name(target.name + suffix)
            try:
                if sibling.stat().st_mtime_ns >= stat.st_mtime_ns:  # never a stale one from an older build
                    return coding, sibling.read_bytes()
            except OSError:
                pass
            if coding == "gzip":
                key = (target, stat.st_mtime_ns, stat.st_size)
                with self._lock:
                    body = self._gzip_cache.get(key)
                if body is None:
                    body = gzip.compress(data, compresslevel=9, mtime=0)
                    with self._lock:
                        self._gzip_cache = {k: v for k, v in self._gzip_cache.items() if k[0] != target}
                        self._gzip_cache[key] = body
                return coding, body
        return None

    def respond(self, url_path: str, if_none_match: str | None = None,
                accept_encoding: str | None = None) -> StaticResponse:
        path = url_path.split("?", 1)[0]
        looks_like_file = "." in PurePosixPath(path).name
        if not self.available:
            if looks_like_file and path not in ("/", "/index.html"):
                return _text(404, "Not found (the SPA is not being served).")
            return StaticResponse(200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"},
                                  self.placeholder().encode())
        target = self._file_for(path)
        if target is None:
            if looks_like_file:
                return _text(404, "Not found.")
            target = self.dist / "index.html"  # client-side route
        data = target.read_bytes()
        etag = '"' + hashlib.sha1(data, usedforsecurity=False).hexdigest()[:20] + '"'
        hashed_asset = target.is_relative_to(self.dist / "assets")
        headers = {
            "Content-Type": content_type(target),
            "Cache-Control": "public, max-age=31536000, immutable" if hashed_asset else "no-cache",
            "ETag": etag,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
        }
        encoded = self._encoded(target, data, accept_encoding)
        if target.suffix.lower() in COMPRESSIBLE:
            headers["Vary"] = "Accept-Encoding"  # caches must keep one copy per coding
        if encoded is not None:
            coding, data = encoded
            etag = etag[:-1] + "-" + coding + '"'  # a different body is a different entity
            headers["ETag"] = etag
            headers["Content-Encoding"] = coding
        if if_none_match and etag in [t.strip() for t in if_none_match.split(",")]:
            return StaticResponse(304, headers, b"")
        return StaticResponse(200, headers, data)

    def placeholder(self) -> str:
        reason = ("The SPA is disabled for this run (<code>--no-spa</code>)." if not self.enabled else
                  f"No built SPA found at <code>{html.escape(str(self.dist))}</code>. Build it with "
                  "<code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>; this page switches "
                  "to the app as soon as <code>dist/index.html</code> exists (no restart needed).")
        items = "".join(f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>'
                        for label, href in self.links.items())
        return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>PeerLearn — local stack</title>
<style>body{{font-family:Inter,system-ui,sans-serif;background:#F7F7F5;color:#111;max-width:44rem;margin:3rem auto;
padding:0 1rem;font-size:16px;line-height:1.5}}h1{{color:#1E3A8A}}code{{background:#eee;padding:.1rem .3rem;
border-radius:.25rem}}</style></head><body><h1>PeerLearn local stack is running</h1>
<p>{reason}</p><p>The API and everything else work already:</p><ul>{items}</ul></body></html>"""


def _text(status: int, message: str) -> StaticResponse:
    return StaticResponse(status, {"Content-Type": "text/plain; charset=utf-8"}, (message + "\n").encode())
