"""The content-addressed raw store with real payloads from the bundled snapshot."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from exportwatch.errors import SourceError
from ingest.rawstore import RawStore

SNAPSHOT = Path(__file__).resolve().parents[2] / "exportwatch" / "snapshot"
XML = SNAPSHOT / "federal_register" / "fr_2023-03929_entity_list_additions.xml"
PDF = SNAPSHOT / "guidance" / "fr_2025-00636_ai_diffusion_public_inspection.pdf"
URL = "https://www.federalregister.gov/documents/full_text/xml/2023/02/27/2023-03929.xml"


@pytest.fixture
def store(tmp_path: Path) -> RawStore:
    return RawStore(tmp_path / "raw")


def test_put_is_content_addressed_and_indexed(store: RawStore) -> None:
    data = XML.read_bytes()
    headers = {"ETag": '"abc"', "Last-Modified": "Mon, 27 Feb 2023 05:00:00 GMT", "Content-Type": "text/xml"}
    sha = store.put(data, url=URL, headers=headers)
    assert sha == hashlib.sha256(data).hexdigest()
    assert store.path_of(sha) == store.root / sha[:2] / sha[2:]
    assert store.get(sha) == data
    rec = store.latest(URL)
    assert rec is not None
    assert (rec.sha256, rec.etag, rec.last_modified, rec.content_type, rec.size, rec.status) == (
        sha,
        '"abc"',
        "Mon, 27 Feb 2023 05:00:00 GMT",
        "text/xml",
        len(data),
        200,
    )
    assert not [p for p in store.root.rglob(".tmp-*")]


def test_same_bytes_again_do_not_grow_the_index(store: RawStore) -> None:
    data = XML.read_bytes()
    store.put(data, url=URL)
    store.put(data, url=URL, headers={"ETag": '"new"'})
    recs = list(store.records(URL))
    assert len(recs) == 1 and recs[0].etag == '"new"'
    other = store.put(PDF.read_bytes(), url=URL)
    assert [r.sha256 for r in store.records(URL)] == [recs[0].sha256, other]
    assert store.latest(URL).sha256 == other  # type: ignore[union-attr]


def test_truncated_payload_is_refused_and_nothing_stored(store: RawStore) -> None:
    data = PDF.read_bytes()
    with pytest.raises(SourceError, match="truncated") as err:
        store.put(data[:5000], url=URL, headers={"Content-Length": str(len(data))})
    assert URL in err.value.message
    assert store.latest(URL) is None
    assert not store.has(hashlib.sha256(data[:5000]).hexdigest())


def test_content_length_of_compressed_body_is_not_compared(store: RawStore) -> None:
    data = XML.read_bytes()
    sha = store.put(data, url=URL, headers={"Content-Length": "1234", "Content-Encoding": "gzip"})
    assert store.get(sha) == data


def test_missing_and_corrupt_blobs_are_errors(store: RawStore) -> None:
    with pytest.raises(SourceError, match="not in the raw store"):
        store.get("0" * 64)
    sha = store.put(XML.read_bytes(), url=URL)
    store.path_of(sha).write_bytes(b"<RULE>tampered</RULE>")
    with pytest.raises(SourceError, match="corrupt"):
        store.get(sha)


def test_mark_bad_hides_validators(store: RawStore) -> None:
    sha = store.put(b'{"count": 1, "results": [', url=URL, headers={"ETag": '"bad"'})
    store.mark_bad(URL, sha)
    assert store.latest(URL) is None
    assert store.latest(URL, usable=False).sha256 == sha  # type: ignore[union-attr]
    assert store.has(sha)  # everything stored is kept


def test_concurrent_puts(store: RawStore) -> None:
    payloads = [XML.read_bytes()[: 1000 * (i + 1)] for i in range(8)]
    shas: list[str] = []

    def work(i: int) -> None:
        shas.append(store.put(payloads[i], url=f"{URL}?copy={i}"))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(shas) == sorted(hashlib.sha256(p).hexdigest() for p in payloads)
    assert all(store.get(s) for s in shas)
    assert len(list(store.records())) == 8
