"""The local stack's SPA server compresses text by Accept-Encoding, caches hashed assets for a year
and makes index.html revalidate (local/spa.py, on a dist directory in tmp_path)."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from local.spa import SpaSite, accepted_encodings

SCRIPT = ("export const greeting = 'hello from a hashed chunk';\n" * 200).encode()
INDEX = ("<!doctype html><html><head><title>PeerLearn</title></head><body><div id=root></div>"
         + "<p>padding</p>" * 100 + "</body></html>").encode()


@pytest.fixture
def site(tmp_path: Path) -> SpaSite:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_bytes(INDEX)
    (tmp_path / "assets" / "index-abc123.js").write_bytes(SCRIPT)
    (tmp_path / "assets" / "font-abc123.woff2").write_bytes(os.urandom(4096))
    (tmp_path / "favicon.svg").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")  # tiny
    return SpaSite(tmp_path, enabled=True, links={})


def test_gzip_when_only_gzip_is_accepted(site: SpaSite) -> None:
    r = site.respond("/assets/index-abc123.js", accept_encoding="gzip, deflate")
    assert r.status == 200
    assert r.headers["Content-Encoding"] == "gzip"
    assert r.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(r.body) == SCRIPT
    assert len(r.body) < len(SCRIPT) // 5


def test_the_builds_brotli_file_is_sent_to_a_client_that_takes_br(site: SpaSite) -> None:
    br = site.dist / "assets" / "index-abc123.js.br"
    br.write_bytes(b"pretend-brotli")
    r = site.respond("/assets/index-abc123.js", accept_encoding="gzip, deflate, br, zstd")
    assert r.headers["Content-Encoding"] == "br"
    assert r.body == b"pretend-brotli"


def test_a_brotli_file_older_than_its_source_is_ignored(site: SpaSite) -> None:
    source = site.dist / "assets" / "index-abc123.js"
    br = source.with_name(source.name + ".br")
    br.write_bytes(b"stale")
    os.utime(br, ns=(source.stat().st_mtime_ns - 10**9, source.stat().st_mtime_ns - 10**9))
    r = site.respond("/assets/index-abc123.js", accept_encoding="br, gzip")
    assert r.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(r.body) == SCRIPT


def test_without_accept_encoding_the_file_goes_as_it_is(site: SpaSite) -> None:
    r = site.respond("/assets/index-abc123.js")
    assert "Content-Encoding" not in r.headers
    assert r.headers["Vary"] == "Accept-Encoding"
    assert r.body == SCRIPT


def test_q_zero_refuses_a_coding(site: SpaSite) -> None:
    (site.dist / "assets" / "index-abc123.js.br").write_bytes(b"pretend-brotli")
    r = site.respond("/assets/index-abc123.js", accept_encoding="br;q=0, gzip;q=0.5")
    assert r.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in site.respond("/assets/index-abc123.js", accept_encoding="*;q=0").headers
    assert accepted_encodings("*") == {"br", "gzip"}
    assert accepted_encodings("identity, gzip;q=0") == {"identity"}


def test_client_routes_get_index_html_compressed_and_revalidated(site: SpaSite) -> None:
    r = site.respond("/sessions", accept_encoding="gzip")
    assert r.headers["Content-Type"].startswith("text/html")
    assert r.headers["Cache-Control"] == "no-cache"
    assert gzip.decompress(r.body) == INDEX


def test_hashed_assets_are_immutable_for_a_year(site: SpaSite) -> None:
    r = site.respond("/assets/index-abc123.js", accept_encoding="gzip")
    assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_binary_and_tiny_files_are_not_compressed(site: SpaSite) -> None:
    font = site.respond("/assets/font-abc123.woff2", accept_encoding="br, gzip")
    assert "Content-Encoding" not in font.headers and "Vary" not in font.headers
    assert "Content-Encoding" not in site.respond("/favicon.svg", accept_encoding="gzip").headers


def test_each_coding_has_its_own_etag_and_revalidates(site: SpaSite) -> None:
    plain = site.respond("/assets/index-abc123.js")
    zipped = site.respond("/assets/index-abc123.js", accept_encoding="gzip")
    assert plain.headers["ETag"] != zipped.headers["ETag"]
    again = site.respond("/assets/index-abc123.js", zipped.headers["ETag"], accept_encoding="gzip")
    assert again.status == 304 and again.body == b""
    assert site.respond("/assets/index-abc123.js", zipped.headers["ETag"]).status == 200  # other coding


def test_a_changed_file_is_compressed_again(site: SpaSite) -> None:
    first = gzip.decompress(site.respond("/", accept_encoding="gzip").body)
    index = site.dist / "index.html"
    index.write_bytes(INDEX.replace(b"PeerLearn", b"PeerLearn 2"))
    os.utime(index, ns=(index.stat().st_mtime_ns + 10**9, index.stat().st_mtime_ns + 10**9))
    second = gzip.decompress(site.respond("/", accept_encoding="gzip").body)
    assert first == INDEX and b"PeerLearn 2" in second
