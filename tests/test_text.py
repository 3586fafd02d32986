"""Reading texts: exact decoding, no newline translation, one-line errors for bad input."""

from __future__ import annotations

import pytest

from policykg.errors import InputError
from policykg.text import MAX_BYTES, expand_inputs, read_document


def test_text_is_kept_exactly_as_decoded(tmp_path):
    (tmp_path / "Reports").mkdir()
    path = tmp_path / "Reports" / "Shenyang Report.txt"
    path.write_bytes("a\r\nb\u00a0c “d” — e\n".encode())
    doc = read_document(str(path))
    assert doc.text == "a\r\nb\u00a0c “d” — e\n"
    assert doc.slug == "reports/shenyang-report"
    assert doc.source == "Shenyang Report.txt"


def test_other_encoding_is_decoded_when_asked(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Jilin café".encode("latin-1"))
    assert read_document(str(path), encoding="latin-1").text == "Jilin café"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "'{p}' is empty: give a text with some words in it"),
        (b" \n\t\n", "'{p}' is empty: give a text with some words in it"),
        (
            b"PK\x03\x04\x00\x00",
            "'{p}' looks binary (NUL byte at offset 4): give a plain-text file, or name its encoding with --encoding (e.g. utf-16)",
        ),
        (
            b"Jilin \xff city",
            "'{p}' is not valid utf-8: byte 0xff at offset 6; if the file has another encoding, "
            "say which with --encoding (e.g. --encoding latin-1)",
        ),
    ],
)
def test_bad_texts_give_one_line_errors(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_document(str(path))
    assert str(err.value) == message.format(p=path)


def test_huge_text_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(InputError, match=r"more than the 2 MiB one document may have: split it"):
        read_document(str(path))


def test_missing_path_folder_and_unknown_encoding(tmp_path):
    with pytest.raises(InputError, match=r"^cannot read '.*nope.txt': no such file$"):
        read_document(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match=r"^cannot read '.*': it is a folder, not a text file$"):
        read_document(str(tmp_path))
    (tmp_path / "ok.txt").write_text("Some words.")
    with pytest.raises(InputError, match=r"^unknown encoding 'klingon': use a Python codec name"):
        read_document(str(tmp_path / "ok.txt"), encoding="klingon")


def test_folders_expand_to_sorted_texts_with_path_slugs(tmp_path):
    tmp_path = tmp_path / "texts"
    tmp_path.mkdir()
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("c")
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / "README.md").write_text("x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text("d")
    pairs = expand_inputs([str(tmp_path)])
    assert [slug for _, slug in pairs] == ["texts/a", "texts/b", "texts/notes", "sub/c"]


def test_empty_folder_missing_input_and_duplicate_ids_are_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(
        InputError, match=r"^folder '.*empty' has no \*.txt or \*.md files: put the texts to build in it$"
    ):
        expand_inputs([str(tmp_path / "empty")])
    with pytest.raises(InputError, match=r"^cannot read 'missing.txt': no such file or folder$"):
        expand_inputs(["missing.txt"])
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a.txt").write_text("a")
    (tmp_path / "x" / "a.md").write_text("a")
    with pytest.raises(InputError, match=r"would get the same document id 'x/a': rename one of them$"):
        expand_inputs([str(tmp_path / "x")])


def test_folders_list_texts_as_sorted_paths_with_links_to_files_but_not_to_folders(tmp_path):
    root = tmp_path / "corpus"
    for rel in ("a.txt", "sub-a/b.txt", "sub/c.md", "sub.x/d.txt", "sub/deeper/e.txt", "dir.txt/f.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    (root / "link.txt").symlink_to(root / "a.txt")
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    (root / "linked").symlink_to(root / "sub")
    pairs = expand_inputs([str(root)])
    paths = sorted(p for p in root.rglob("*") if p.suffix in (".txt", ".md") and p.is_file())
    assert [source for source, _ in pairs] == [str(p) for p in paths]  # Path order: "sub" before "sub-a"
    assert [slug for _, slug in pairs] == [
        "corpus/a", "dir-txt/f", "corpus/link", "sub/c", "deeper/e", "sub-a/b", "sub-x/d"
    ]  # fmt: skip
