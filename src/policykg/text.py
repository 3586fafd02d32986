"""Read source texts into Documents, refusing input that is not a readable text.

Offsets count in code points into the text exactly as decoded (no newline translation, no
normalisation), as the ontology contract requires.
May import: policykg.model, policykg.errors, the standard library.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path

from policykg.errors import InputError
from policykg.model import Document

MAX_BYTES = 2 * 1024 * 1024  # 20x the longest real report; extraction time and memory grow with it
MAX_STDIN_BYTES = 256 * 1024 * 1024  # standard input may also be RDF, bounded by policykg.rdf_input
STDIN = "-"


def slugify(name: str) -> str:
    """Lower-case ASCII slug for IRIs.

    >>> slugify("Changchun 2022 Interview.txt")
    'changchun-2022-interview-txt'
    >>> slugify("“1 plus 6”")
    '1-plus-6'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "untitled"


def document_slug(path: Path) -> str:
    """The document id of a file: ``<parent folder>/<stem>``, so that two files with the same name in
    two folders (``长春市/2023.md``, ``哈尔滨市/2023.md``) are two documents, and a file gets the same id
    alone or through its folder (the folder is the real one: ``2023.md`` named in ``长春市/`` is still
    ``长春市/2023``). Only a file in the file system's root has no folder and is its stem.

    >>> document_slug(Path("corpus/Changchun 2022 Interview.txt"))
    'corpus/changchun-2022-interview'
    >>> document_slug(Path("政府工作报告/长春市/2023.md"))
    '长春市/2023'
    >>> document_slug(Path("/report.txt"))
    'report'
    """
    return _with_folder(folder_slug(path.parent), path.stem)


def folder_slug(folder: Path) -> str:
    """The slug of the real folder ``folder`` is (symbolic links resolved); "" for the root.

    >>> folder_slug(Path("政府工作报告/长春市"))
    '长春市'
    """
    return _unicode_slug(name) if (name := folder.absolute().resolve().name) else ""


def _with_folder(folder: str, stem: str) -> str:
    return f"{folder}/{_unicode_slug(stem)}" if folder else _unicode_slug(stem)


def _unicode_slug(name: str) -> str:
    """Like ``slugify`` but keeping Chinese characters (IRIs may hold them).

    >>> _unicode_slug("长春市 2023")
    '长春市-2023'
    """
    if name.isascii():
        return slugify(name)
    slug = re.sub(r"[\W_]+", "-", name.lower()).strip("-")
    return slug or "untitled"


def expand_inputs(inputs: Sequence[str]) -> list[tuple[str, str]]:
    """Turn paths, folders and "-" into (source, slug) pairs: a folder gives every text in it, sorted."""
    if not inputs:
        raise InputError("no input given: name a text file, a folder of *.txt files, or - for stdin")
    pairs: list[tuple[str, str]] = []
    for item in inputs:
        if item == STDIN:
            pairs.append((STDIN, "stdin"))
            continue
        path = Path(item)
        if path.is_dir():
            pairs.extend(_folder_texts(path))
        elif path.exists():
            pairs.append((item, document_slug(path)))
        else:
            raise InputError(f"cannot read '{item}': no such file or folder")
    _refuse_duplicate_slugs(pairs)
    return pairs


TEXT_SUFFIXES = (".txt", ".md")
NOT_DOCUMENTS = ("readme", "sources", "license", "licence", "changelog")


def _folder_texts(folder: Path) -> list[tuple[str, str]]:
    """Every ``*.txt`` and ``*.md`` under ``folder``, recursively, sorted; README, SOURCES, LICENSE,
    CHANGELOG and hidden files or folders are not documents.

    One ``os.scandir`` pass: no Path per file, one slug per folder (``Path.rglob`` with a
    ``document_slug`` per file took 0.3 CPU s for 10,000 texts).  As ``rglob`` does, links to
    folders are not followed and links to files are texts; the order is ``sorted`` Paths' order.
    """
    texts: list[tuple[tuple[str, ...], str, str]] = []
    top = str(folder)
    pending: list[tuple[str, tuple[str, ...]]] = [("" if top == "." else top, ())]
    while pending:
        directory, parts = pending.pop()
        slug = folder_slug(Path(directory or "."))
        for entry in _entries(directory or "."):
            name = entry.name
            if name.startswith("."):
                continue
            source = _child(directory, name)
            if _is_folder(entry):
                pending.append((source, (*parts, name)))
                continue
            stem, suffix = os.path.splitext(name)
            if (
                suffix.lower() in TEXT_SUFFIXES
                and not name.lower().startswith(NOT_DOCUMENTS)
                and _is_file(entry)
            ):
                texts.append(((*parts, name), source, _with_folder(slug, stem)))
    if not texts:
        raise InputError(f"folder '{folder}' has no *.txt or *.md files: put the texts to build in it")
    texts.sort()
    return [(source, slug) for _, source, slug in texts]


def _entries(directory: str) -> list[os.DirEntry]:
    try:
        with os.scandir(directory) as entries:
            return list(entries)
    except PermissionError:  # as rglob: an unreadable folder holds no texts
        return []


def _child(directory: str, name: str) -> str:
    """``str(Path(directory) / name)`` without the Path.

    >>> _child("", "a.txt"), _child("/", "a.txt"), _child("corpus", "a.txt")
    ('a.txt', '/a.txt', 'corpus/a.txt')
    """
    if not directory:
        return name
    return directory + name if directory.endswith("/") else f"{directory}/{name}"


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _refuse_duplicate_slugs(pairs: Iterable[tuple[str, str]]) -> None:
    seen: dict[str, str] = {}
    for source, slug in pairs:
        if slug in seen:
            raise InputError(
                f"'{seen[slug]}' and '{source}' would get the same document id '{slug}': rename one of them"
            )
        seen[slug] = source


def read_document(
    source: str, slug: str | None = None, encoding: str = "utf-8", language: str | None = None
) -> Document:
    """Read one text file (or "-" for stdin) into a Document, with a one-line error for bad input.

    A leading ``---`` front-matter block gives the title and original URL and is not part of the
    text; ``language`` ("zh", "en") overrides the detected language.
    """
    _check_encoding(encoding)
    name = "stdin" if source == STDIN else source
    data = _read_bytes(source)
    if len(data) > MAX_BYTES:
        raise InputError(
            f"'{name}' holds more than the {MAX_BYTES // 1048576} MiB "
            "one document may have: split it into several files"
        )
    text, fields = split_front_matter(decode(data, name, encoding))
    if not text.strip():
        raise InputError(f"'{name}' is empty: give a text with some words in it")
    if slug is None:
        slug = "stdin" if source == STDIN else document_slug(Path(source))
    return Document(
        text=text,
        source=Path(source).name if source != STDIN else "stdin",
        slug=slug,
        language=language or detect_language(text),
        title=fields.get("title"),
        primary_source=fields.get("source") or fields.get("url"),
    )


def split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    """The text after a leading ``---`` block, and the block's ``key: value`` lines.

    >>> split_front_matter("---\\ntitle: 报告\\nsource: http://x.cn/1\\n---\\n正文")
    ('正文', {'title': '报告', 'source': 'http://x.cn/1'})
    >>> split_front_matter("no block")
    ('no block', {})
    """
    match = re.match(r"---\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", text, re.DOTALL)
    if not match:
        return text, {}
    fields = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields[key.strip().lower()] = value.strip().strip("\"'")
    return text[match.end() :], fields


def detect_language(text: str) -> str:
    """ "zh" when Chinese characters dominate, "en" when Latin letters do, "und" when neither.

    >>> detect_language("地区生产总值增长6.5%"), detect_language("GDP grew by 6.5%"), detect_language("Ωμέγα")
    ('zh', 'en', 'und')
    """
    sample = text[:20000]
    cjk = sum(1 for ch in sample if "\u3400" <= ch <= "\u9fff")
    latin = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    if cjk and cjk * 4 >= latin:
        return "zh"
    letters = sum(1 for ch in sample if ch.isalpha())
    return "en" if latin and latin * 2 >= letters else "und"


SCRIPTS = {
    "LATIN": "Latin",
    "CJK": "Chinese characters",
    "HIRAGANA": "Japanese kana",
    "KATAKANA": "Japanese kana",
    "HANGUL": "Korean hangul",
    "CYRILLIC": "Cyrillic",
    "GREEK": "Greek",
    "ARABIC": "Arabic",
    "HEBREW": "Hebrew",
}


def main_script(text: str) -> str:
    """The writing system most letters of ``text`` are in; Japanese kana win from a tenth of the letters.

    >>> main_script("Changchun"), main_script("Чанчунь"), main_script("长春市"), main_script("123")
    ('Latin', 'Cyrillic', 'Chinese characters', 'none')
    >>> main_script("長春市は新しい産業システムを構築します")
    'Japanese kana'
    """
    import unicodedata

    counts: dict[str, int] = {}
    for char in text[:20000]:
        if char.isalpha():
            script = SCRIPTS.get(unicodedata.name(char, "OTHER").split()[0], "other")
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "none"
    if counts.get("Japanese kana", 0) * 10 >= sum(counts.values()):
        return "Japanese kana"
    return max(sorted(counts), key=counts.__getitem__)


def _check_encoding(encoding: str) -> None:
    """Refuse unknown codecs and codecs that do not decode bytes to text (rot13, base64, zlib, ...)."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"unknown encoding '{encoding}': use a Python codec name such as utf-8 or latin-1"
        ) from None
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(
            f"'{encoding}' is not a text encoding (it transforms bytes or text, it does not decode them): "
            "use a text encoding such as utf-8, utf-16 or gb18030"
        )


_STDIN_READ: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def read_stdin() -> bytes:
    """Standard input's bytes (at most ``MAX_STDIN_BYTES + 1``), read once: a sniffer and a reader share them."""
    stream = sys.stdin.buffer
    try:
        return _STDIN_READ[stream]
    except (KeyError, TypeError):
        data = stream.read(MAX_STDIN_BYTES + 1)
    try:
        _STDIN_READ[stream] = data
    except TypeError:  # a stream that takes no weak reference is read once anyway
        pass
    return data


def _read_bytes(source: str) -> bytes:
    if source == STDIN:
        return read_stdin()
    path = Path(source)
    if path.is_dir():
        raise InputError(f"cannot read '{source}': it is a folder, not a text file")
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"cannot read '{source}': no such file") from None
    except PermissionError:
        raise InputError(f"cannot read '{source}': permission denied") from None
    except OSError as err:
        raise InputError(f"cannot read '{source}': {err.strerror or err}") from None


def decode(data: bytes, name: str, encoding: str = "utf-8") -> str:
    """Decode bytes strictly; binary data and undecodable bytes give a one-line InputError.

    >>> decode(b"caf\\xc3\\xa9", "t.txt")
    'café'
    """
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        byte = data[err.start : err.start + 1].hex()
        raise InputError(
            f"'{name}' is not valid {encoding}: byte 0x{byte} at offset {err.start}; "
            "if the file has another encoding, say which with --encoding (e.g. --encoding latin-1)"
        ) from None
    except (ValueError, TypeError, LookupError) as err:  # a codec that refuses the bytes another way
        raise InputError(f"'{name}' cannot be decoded as {encoding}: {err}") from None
    return _refuse_binary(text, data, name)


def _refuse_binary(text: str, data: bytes, name: str) -> str:
    """Text with a NUL character is binary (UTF-16 and UTF-32 decode to text without one).

    >>> _refuse_binary("a\\x00b", b"a\\x00b", "f")
    Traceback (most recent call last):
    policykg.errors.InputError: 'f' looks binary (NUL byte at offset 1): give a plain-text file, or name its encoding with --encoding (e.g. utf-16)
    """
    if "\x00" in text:
        offset = data.find(b"\x00")
        raise InputError(
            f"'{name}' looks binary (NUL byte at offset {offset}): give a plain-text file, "
            "or name its encoding with --encoding (e.g. utf-16)"
        )
    return text
