"""Does a word segmenter (jieba) help the Chinese engine find entities? Measured, not assumed.

usage (from the project's root, with jieba installed in the venv by hand; it is no dependency):
    .venv/bin/pip install jieba==0.42.1
    .venv/bin/python bench/zh_segmenter.py [REPORT.md ...]

On the annotated excerpts of ``../shared/eval/zh`` it prints, for jieba's default mode (HMM on)
and for jieba with the lexicon's and gazetteer's Chinese names as a user dictionary:
- boundaries: of the gold entity names found in the text, how many start and end on a jieba word
  boundary (a segmenter-based finder can only return whole words);
- posseg: jieba's part-of-speech tagger as an entity finder (ns place, nt organization, nz other
  proper noun, nr person, 2+ characters) against the gold names: recall and precision;
- engine: the names policykg finds (same scoring), and how many of its mentions cross a jieba word
  boundary, split into gold names (a boundary filter would lose them) and others (it would drop them);
- time: jieba's segmentation against policykg's whole extraction of the same text, side by side.
Reports given as arguments (texts with no gold) get the crossing count and the timing only.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "zh"
CLASSES = (
    "Industry",
    "Initiative",
    "Organization",
    "CityVision",
    "IndustrialSystem",
    "City",
    "Province",
    "Person",
)
TAGS = ("ns", "nt", "nz", "nr")


def norm(s: str) -> str:
    return re.sub(r"[\s\"'“”‘’「」『』《》〈〉()（）·、，,。.]", "", unicodedata.normalize("NFKC", s))


def matches(label: str, alias: str) -> bool:
    """The scoreboard's rule for Chinese labels: one inside the other, covering over 60 %."""
    a, b = norm(alias), norm(label)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return short in long and len(short) > 0.6 * len(long)


def gold_names(gold: dict) -> tuple[list[list[str]], list[list[str]]]:
    required, optional = [], []
    for cls in CLASSES:
        spec = gold["entities"].get(cls, {})
        required += spec.get("required", [])
        optional += spec.get("optional", [])
    return required, optional


def boundaries(words: list[str]) -> set[int]:
    out, at = {0}, 0
    for w in words:
        at += len(w)
        out.add(at)
    return out


def boundary_score(text: str, required: list[list[str]], cuts: set[int]) -> tuple[int, int]:
    """Gold names found in the text (each alias occurrence) that start and end on a cut."""
    whole = total = 0
    for aliases in required:
        for alias in aliases:
            for m in re.finditer(re.escape(alias), text):
                total += 1
                whole += m.start() in cuts and m.end() in cuts
    return whole, total


def prf(found: list[str], required: list[list[str]], optional: list[list[str]]) -> tuple[float, float]:
    names = set(found)
    recall = sum(any(matches(n, a) for n in names for a in aliases) for aliases in required) / len(required)
    good = sum(any(matches(n, a) for aliases in required + optional for a in aliases) for n in names)
    return recall, good / max(1, len(names))


def user_dictionary() -> list[str]:
    from policykg.lexicon import load_lexicon

    lexicon = load_lexicon()
    words = {label for term in lexicon.industries for label in term.zh_labels}
    words |= {label for place in lexicon.places for label in place.zh_labels}
    return sorted(w for w in words if len(w) >= 2)


def engine_mentions(path: Path):
    from policykg.extract.zh import assemble
    from policykg.lexicon import load_lexicon
    from policykg.text import read_document

    document = read_document(str(path))
    start = time.perf_counter()
    extraction = assemble.extract_chinese(document, load_lexicon())
    seconds = time.perf_counter() - start
    spans = [(s.begin, s.end, e.kind) for e in extraction.entities for s in e.spans]
    names = [e.label for e in extraction.entities if e.kind in CLASSES]
    names += [a for e in extraction.entities if e.kind in CLASSES for a in e.alt_labels]
    return document.text, spans, names, seconds


def crossing(spans, cuts: set[int], text: str, required, optional) -> tuple[int, int, int]:
    """(mentions, crossing a jieba boundary and a gold name, crossing and not gold)."""
    gold_hit = other = 0
    for begin, end, _kind in spans:
        if begin in cuts and end in cuts:
            continue
        name = text[begin:end]
        if any(matches(name, a) for aliases in required + optional for a in aliases):
            gold_hit += 1
        else:
            other += 1
    return len(spans), gold_hit, other


def _name(path: Path) -> str:
    return "/".join(path.with_suffix("").parts[-2:])


def crossing_examples(path: Path, tokenizer, limit: int = 40) -> list[str]:
    """The engine's mentions that cross a jieba word boundary, with jieba's words around them."""
    text, spans, _names, _seconds = engine_mentions(path)
    words = tokenizer.lcut(text)
    cuts = sorted(boundaries(words))
    out = []
    for begin, end, kind in sorted(set(spans)):
        if begin in cuts and end in cuts:
            continue
        lo = max(c for c in cuts if c <= begin)
        hi = min(c for c in cuts if c >= end)
        out.append(f"  {kind:12s} {text[begin:end]}  | jieba: {'/'.join(tokenizer.lcut(text[lo:hi]))}")
    return out[:limit]


def measure(path: Path, gold: dict | None, jieba_default, jieba_user) -> list[str]:
    import jieba.posseg

    text, spans, names, engine_seconds = engine_mentions(path)
    lines = []
    for name, tokenizer in (("jieba", jieba_default), ("jieba+lexicon", jieba_user)):
        start = time.perf_counter()
        words = tokenizer.lcut(text)
        seconds = time.perf_counter() - start
        cuts = boundaries(words)
        row = f"{_name(path):28s} {name:14s} words {len(words):6d}  seg {seconds:6.3f}s vs engine {engine_seconds:6.3f}s"
        if gold:
            required, optional = gold_names(gold)
            whole, total = boundary_score(text, required, cuts)
            mentions, lost, dropped = crossing(spans, cuts, text, required, optional)
            row += f"  boundaries {whole}/{total}  engine mentions crossing: {lost} gold + {dropped} other of {mentions}"
        else:
            mentions, lost, dropped = crossing(spans, cuts, text, [], [])
            row += f"  engine mentions crossing a word boundary: {dropped} of {mentions}"
        lines.append(row)
    if gold:
        required, optional = gold_names(gold)
        pos = jieba.posseg.POSTokenizer(jieba_user)
        tagged = [w.word for w in pos.lcut(text) if w.flag in TAGS and len(w.word) >= 2]
        r, p = prf(tagged, required, optional)
        er, ep = prf(names, required, optional)
        lines.append(
            f"{_name(path):28s} posseg (ns/nt/nz/nr) recall {r:.2f} precision {p:.2f} ({len(set(tagged))} names)"
        )
        lines.append(
            f"{_name(path):28s} policykg engine      recall {er:.2f} precision {ep:.2f} ({len(set(names))} names)"
        )
    return lines


def main(argv: list[str]) -> int:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    default = jieba.Tokenizer()
    user = jieba.Tokenizer()
    for word in user_dictionary():
        user.add_word(word, freq=None)
    default.initialize()
    user.initialize()
    engine_mentions(sorted(EVAL.glob("*.md"))[0])  # warm the lexicon's caches before timing
    for gold_path in sorted(EVAL.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        print("\n".join(measure(gold_path.with_suffix(".md"), gold, default, user)))
    for report in [a for a in argv[1:] if a != "-v"]:
        print("\n".join(measure(Path(report), None, default, user)))
        if "-v" in argv:
            print("\n".join(crossing_examples(Path(report), default)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
