#!/usr/bin/env python3
"""Draw a seeded, rule-stratified sample of plumb findings for hand classification.

Precision procedure for plumb (see docs/precision.md).  Python 3.11, standard library only.

Usage
-----
Sample (runs plumb on the corpus, writes all findings and the sample):

    cd <work directory with the corpus>   # see docs/precision.md
    python3 sample.py sample \\
        --plumb target/release/plumb --corpus corpus \\
        --seed 8 --size 300 --min-per-rule 5 \\
        --all-out all-findings.tsv --out sample.tsv \\
        [--carry before.tsv]

  * plumb is run as `plumb check --format json <corpus>` from the corpus's
    parent directory, so file paths look like `corpus/<owner>+<repo>/<path>`.
  * Every finding goes to --all-out (for grepping patterns across the corpus).
  * The sample: every rule gets min(count, --min-per-rule) findings; the rest of
    --size is shared out in proportion to the rules' counts (largest remainder,
    never more than a rule has).  Within a rule, findings are sorted by
    (file, line, column, message) and drawn with random.Random(seed), one
    generator per rule seeded with "<seed>:<code>", so adding or removing a
    rule does not reshuffle the others.
  * --carry copies verdict and reason from an earlier classified TSV for
    findings that are identical (code, file, line, column, message), so a
    re-measurement only needs the new or changed findings classified.
  * Prints totals: files, findings, findings per rule, sample per rule.

Summarize a classified sample (verdict column: right, debatable or wrong):

    python3 sample.py summarize before.tsv --all all-findings.tsv

  Prints counts per rule and overall, precision in the sample, and the
  corpus-weighted estimate (each rule's sample precision weighted by the
  rule's share of all findings), as Markdown.

TSV fields are tab-separated with a header row; tabs, newlines and
backslashes inside a field are written as \\t, \\n and \\\\.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SAMPLE_COLUMNS = ["id", "code", "severity", "file", "line", "column",
                  "message", "source_line", "verdict", "reason"]
ALL_COLUMNS = ["code", "name", "severity", "file", "line", "column",
               "message", "source_line"]
VERDICTS = ("right", "debatable", "wrong")


# ---------------------------------------------------------------- TSV helpers

def escape(value: object) -> str:
    return (str(value).replace("\\", "\\\\")
            .replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"))


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(nxt, "\\" + nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def write_tsv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(columns) + "\n")
        for row in rows:
            fh.write("\t".join(escape(row.get(c, "")) for c in columns) + "\n")


def read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = fh.read().split("\n")
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        if not line:
            continue
        fields = line.split("\t")
        fields += [""] * (len(header) - len(fields))
        rows.append({h: unescape(f) for h, f in zip(header, fields)})
    return rows


# ------------------------------------------------------------------- findings

@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: str
    file: str
    line: int
    column: int
    message: str
    source_line: str

    @property
    def key(self) -> tuple:
        return (self.code, self.file, self.line, self.column, self.message)

    def as_row(self) -> dict:
        return {"code": self.code, "name": self.name, "severity": self.severity,
                "file": self.file, "line": self.line, "column": self.column,
                "message": self.message, "source_line": self.source_line}


def run_plumb(plumb: Path, corpus: Path) -> dict:
    """Run plumb on the corpus directory and return its parsed JSON document."""
    proc = subprocess.run(
        [str(plumb.resolve()), "check", "--format", "json", corpus.name],
        cwd=corpus.resolve().parent, capture_output=True, text=True)
    if proc.returncode not in (0, 1):  # 1 only means "findings were reported"
        sys.exit(f"plumb failed with status {proc.returncode}:\n{proc.stderr}")
    return json.loads(proc.stdout)


def collect(document: dict, base: Path) -> list[Finding]:
    """Turn plumb's diagnostics into Findings, with the text of the reported line."""
    cache: dict[str, list[str]] = {}
    findings = []
    for diag in document["diagnostics"]:
        path = diag["file"]
        if path not in cache:
            text = (base / path).read_bytes().decode("utf-8", errors="replace")
            cache[path] = text.splitlines()
        lines = cache[path]
        line = diag["start"]["line"]
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        findings.append(Finding(diag["code"], diag["name"], diag["severity"], path,
                                line, diag["start"]["column"], diag["message"],
                                source.strip()))
    findings.sort(key=lambda f: f.key)
    return findings


# ------------------------------------------------------------------- sampling

def allocate(counts: dict[str, int], size: int, minimum: int) -> dict[str, int]:
    """How many findings to draw per rule.

    Each rule first gets min(count, minimum); what is left of `size` is shared
    in proportion to the rules' counts by largest remainder, capping each rule
    at its count (a capped rule's surplus is shared again among the others).
    """
    alloc = {code: min(n, minimum) for code, n in counts.items()}
    remaining = size - sum(alloc.values())
    open_codes = {code for code, n in counts.items() if n > alloc[code]}
    while remaining > 0 and open_codes:
        weight = sum(counts[c] for c in open_codes)
        shares = {c: remaining * counts[c] / weight for c in open_codes}
        capped = {c for c in open_codes if alloc[c] + shares[c] >= counts[c]}
        if capped:
            for c in capped:
                remaining -= counts[c] - alloc[c]
                alloc[c] = counts[c]
            open_codes -= capped
            continue
        floors = {c: int(shares[c]) for c in open_codes}
        for c in open_codes:
            alloc[c] += floors[c]
        left = remaining - sum(floors.values())
        by_remainder = sorted(open_codes, key=lambda c: (floors[c] - shares[c], c))
        for c in by_remainder[:left]:
            alloc[c] += 1
        remaining = 0
    return alloc


def draw(findings: list[Finding], seed: int, size: int, minimum: int) -> list[Finding]:
    by_code: dict[str, list[Finding]] = collections.defaultdict(list)
    for f in findings:
        by_code[f.code].append(f)
    alloc = allocate({c: len(v) for c, v in by_code.items()}, size, minimum)
    sample = []
    for code in sorted(by_code):
        rng = random.Random(f"{seed}:{code}")
        sample += sorted(rng.sample(by_code[code], alloc[code]), key=lambda f: f.key)
    return sample


def cmd_sample(args: argparse.Namespace) -> None:
    corpus = Path(args.corpus)
    document = run_plumb(Path(args.plumb), corpus)
    findings = collect(document, corpus.resolve().parent)
    write_tsv(Path(args.all_out), ALL_COLUMNS, [f.as_row() for f in findings])

    sample = draw(findings, args.seed, args.size, args.min_per_rule)
    carried = {}
    if args.carry:
        for row in read_tsv(Path(args.carry)):
            key = (row["code"], row["file"], int(row["line"]), int(row["column"]), row["message"])
            carried[key] = (row["verdict"], row["reason"])
    rows, n_carried = [], 0
    for i, f in enumerate(sample, 1):
        verdict, reason = carried.get(f.key, ("", ""))
        n_carried += bool(verdict)
        row = f.as_row()
        row.update(id=f"{i:03d}", verdict=verdict, reason=reason)
        rows.append(row)
    write_tsv(Path(args.out), SAMPLE_COLUMNS, rows)

    total = collections.Counter(f.code for f in findings)
    drawn = collections.Counter(f.code for f in sample)
    print(f"files: {len(document['files'])}")
    print(f"findings: {len(findings)}")
    print(f"rules: {len(total)}")
    print(f"sample: {len(sample)} (seed {args.seed}, minimum {args.min_per_rule} per rule)")
    if args.carry:
        print(f"verdicts carried from {args.carry}: {n_carried}")
    print("code\tfindings\tsampled")
    for code, n in sorted(total.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{code}\t{n}\t{drawn[code]}")


# ------------------------------------------------------------------ summarize

def pct(num: float, den: float) -> str:
    return f"{100 * num / den:.1f}%" if den else "n/a"


def cmd_summarize(args: argparse.Namespace) -> None:
    rows = read_tsv(Path(args.classified))
    bad = [r["id"] for r in rows if r["verdict"] not in VERDICTS]
    if bad:
        sys.exit(f"rows without a valid verdict: {', '.join(bad)}")
    per_rule: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for r in rows:
        per_rule[r["code"]][r["verdict"]] += 1
    corpus = collections.Counter(r["code"] for r in read_tsv(Path(args.all))) if args.all else None

    print("| rule | findings in corpus | sampled | right | debatable | wrong | right/sampled |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    overall = collections.Counter()
    for code in sorted(per_rule):
        c = per_rule[code]
        n = sum(c.values())
        overall.update(c)
        in_corpus = corpus[code] if corpus else ""
        print(f"| {code} | {in_corpus} | {n} | {c['right']} | {c['debatable']} | "
              f"{c['wrong']} | {pct(c['right'], n)} |")
    n = sum(overall.values())
    print(f"| **all** | {sum(corpus.values()) if corpus else ''} | {n} | {overall['right']} | "
          f"{overall['debatable']} | {overall['wrong']} | {pct(overall['right'], n)} |")
    print()
    print(f"sample: right/total = {pct(overall['right'], n)}; "
          f"(right+debatable)/total = {pct(overall['right'] + overall['debatable'], n)}; "
          f"wrong/total = {pct(overall['wrong'], n)}")
    if corpus:
        total = sum(corpus.values())
        est = collections.Counter()
        for code, c in per_rule.items():
            m = sum(c.values())
            for v in VERDICTS:
                est[v] += corpus[code] * c[v] / m
        print(f"corpus-weighted estimate ({total} findings): "
              f"right {pct(est['right'], total)}; "
              f"right+debatable {pct(est['right'] + est['debatable'], total)}; "
              f"wrong {pct(est['wrong'], total)} (about {est['wrong']:.0f} findings)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample", help="run plumb and draw the stratified sample")
    s.add_argument("--plumb", default="target/release/plumb")
    s.add_argument("--corpus", default="corpus")
    s.add_argument("--seed", type=int, default=8)
    s.add_argument("--size", type=int, default=300)
    s.add_argument("--min-per-rule", type=int, default=5)
    s.add_argument("--all-out", default="all-findings.tsv")
    s.add_argument("--out", default="sample.tsv")
    s.add_argument("--carry", help="classified TSV whose verdicts to copy for identical findings")
    s.set_defaults(func=cmd_sample)
    m = sub.add_parser("summarize", help="count verdicts in a classified sample")
    m.add_argument("classified")
    m.add_argument("--all", help="all-findings TSV, for corpus counts and weighting")
    m.set_defaults(func=cmd_summarize)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
