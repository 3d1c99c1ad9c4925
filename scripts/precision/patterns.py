#!/usr/bin/env python3
"""Count known false-positive (and debatable) patterns among all of plumb's findings.

Companion of sample.py (see docs/precision.md).  Python 3.11, standard library only.

Usage:
    cd <work directory with the corpus>   # see docs/precision.md
    python3 patterns.py [--all all-findings.tsv] [--base .] [--show PATTERN]

Reads the findings written by `sample.py sample --all-out`, re-reads each
reported instruction from the corpus (following backslash continuations),
and prints, per pattern, how many findings match.  Each pattern is a plain
textual test written from the hand classification of the sample; it is an
estimate, not a proof: read a few hits with --show before trusting a count.
"""

from __future__ import annotations

import argparse
import collections
import re
from pathlib import Path

from sample import read_tsv

CHECKSUM_TOOLS = {"sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "md5sum"}
PIPE_RE = re.compile(r"failure of `([^`]*)` is hidden by the pipe into `([^`]*)`")
FROM_RE = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", re.I)


class Corpus:
    """Cached access to corpus files: whole instructions and the base of each line's stage."""

    def __init__(self, base: Path):
        self.base = base
        self.lines: dict[str, list[str]] = {}

    def file_lines(self, path: str) -> list[str]:
        if path not in self.lines:
            text = (self.base / path).read_bytes().decode("utf-8", errors="replace")
            self.lines[path] = text.splitlines()
        return self.lines[path]

    def escape_char(self, path: str) -> str:
        for line in self.file_lines(path)[:5]:
            m = re.match(r"#\s*escape\s*=\s*(\S)", line)
            if m:
                return m.group(1)
        return "\\"

    def instruction(self, path: str, line: int) -> str:
        """The text of the instruction that contains `line` (1-based).

        A logical instruction runs while its lines end with the escape
        character; comment and blank lines inside it do not end it.
        """
        lines, esc = self.file_lines(path), self.escape_char(path)
        start, in_instruction = None, False
        for i, text in enumerate(lines, 1):
            stripped = text.strip()
            if not in_instruction:
                if not stripped or stripped.startswith("#"):
                    continue
                start = i
            elif not stripped or stripped.startswith("#"):
                continue
            in_instruction = text.rstrip().endswith(esc)
            if not in_instruction and start is not None and start <= line <= i:
                return "\n".join(lines[start - 1:i])
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def stage_base(self, path: str, line: int) -> str:
        """The image the stage containing `line` is ultimately built on (through stage names)."""
        stages: dict[str, str] = {}
        current = ""
        for i, text in enumerate(self.file_lines(path), 1):
            if i > line:
                break
            m = FROM_RE.match(text)
            if m:
                image, name = m.group(1), m.group(2)
                current = stages.get(image.lower(), image)
                if name:
                    stages[name.lower()] = current
        return current

    def text(self, path: str) -> str:
        return "\n".join(self.file_lines(path))


def installs_gnu_wget(text: str) -> bool:
    """Does any apk/apt install in the file name the package `wget` (not a comment)?"""
    code = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#"))
    for m in re.finditer(r"(apk add|apt-get install)((?:[^;&|\n]|\\\n)*)", code):
        if re.search(r"(^|\s)wget(\s|$|\\)", m.group(2)):
            return True
    return False


# Each pattern: (name, verdict, rule, test(finding, corpus) -> bool)

def p_checksum_pipe(f, c):
    m = PIPE_RE.search(f["message"])
    return bool(m) and m.group(2) in CHECKSUM_TOOLS and re.search(r"(-c\b|--check)", c.instruction(f["file"], int(f["line"])))


def p_grep_assertion(f, c):
    m = PIPE_RE.search(f["message"])
    return bool(m) and m.group(2) == "grep" and m.group(1) in {"echo", "locale", "iptables"}


def p_case_pattern(f, c):
    m = PIPE_RE.search(f["message"])
    return bool(m) and m.group(1) == "case"


def p_template(f, c):
    first = c.file_lines(f["file"])[0] if c.file_lines(f["file"]) else ""
    return first.strip().startswith("{{")


def p_echo_builtin(f, c):
    m = PIPE_RE.search(f["message"])
    return bool(m) and m.group(1) in {"echo", "…"} and m.group(2) in {"tr", "tee", "debconf-set-selections"}


def p_dist_clean(f, c):
    return f["message"].startswith("`apt-get update`") and "apt-get dist-clean" in c.instruction(f["file"], int(f["line"]))


def p_apk_no_network(f, c):
    return f["message"].startswith("`apk add`") and "--no-network" in f["source_line"]


def p_yarn_smoke(f, c):
    instr = c.instruction(f["file"], int(f["line"]))
    return f["message"].startswith("`yarn`") and not re.search(r"\byarn\s+(install|add)\b", instr)


def p_gpg_fingerprint(f, c):
    m = re.match(r"(?:ENV|ARG)\s+\S+?(?:\s+|=)[\"']?((?:[0-9A-Fa-f]{40}\s*)+)[\"']?\s*$", f["source_line"])
    return bool(m)


def p_guarded_expansion(f, c):
    m = re.search(r"variable '\$(\w+)'", f["message"])
    return bool(m) and re.search(r"\$\{" + m.group(1) + r":?[-+]", f["source_line"])


def p_apt_simulate(f, c):
    return bool(re.search(r"apt(-get)?\s+install\s+(?:\S+\s+)*?(-s|--simulate|--dry-run|--just-print|--recon|--no-act)\b", f["source_line"]))


def p_rpm_var_version(f, c):
    return f["code"] == "DF220" and bool(re.search(r"`[\w.+-]+-\$\{?\w+\}?` is not pinned", f["message"])) \
        and bool(re.search(r"\b(yum|dnf|microdnf)\b", c.instruction(f["file"], int(f["line"]))))


def is_windows(f, c) -> bool:
    return "mcr.microsoft.com/windows" in c.stage_base(f["file"], int(f["line"])).lower()


def p_windows_user(f, c):
    return f["code"] == "DF207" and is_windows(f, c)


def p_busybox_wget(f, c):
    return "alpine" in c.stage_base(f["file"], int(f["line"])).lower() and not installs_gnu_wget(c.text(f["file"]))


def p_apk_pin(f, c):
    return "alpine" in c.stage_base(f["file"], int(f["line"])).lower() and "snapshot" not in f["message"]


def p_named_owner_linux(f, c):
    return f["code"] == "DF207" and not is_windows(f, c) and f["message"].startswith("COPY --chown")


def p_from_build_arg(f, c):
    return bool(re.match(r"FROM\s+(--\S+\s+)*\$", f["source_line"]))


def p_builder_only_context(f, c):
    return f["code"] == "DF208"


def p_any(f, c):
    return True


PATTERNS = [
    # name, verdict, rules, test
    ("pipe-into-checksum-check", "wrong", {"DF121"}, p_checksum_pipe),
    ("pipe-into-grep-assertion", "wrong", {"DF121"}, p_grep_assertion),
    ("case-pattern-read-as-pipe", "wrong", {"DF121"}, p_case_pattern),
    ("jq-template-file", "wrong", {"DF121"}, p_template),
    ("apt-get-dist-clean-not-seen", "wrong", {"DF224"}, p_dist_clean),
    ("apk-add-no-network", "wrong", {"DF224"}, p_apk_no_network),
    ("yarn-version-smoke-test", "wrong", {"DF224"}, p_yarn_smoke),
    ("gpg-fingerprint-as-secret", "wrong", {"DF301"}, p_gpg_fingerprint),
    ("guarded-expansion-undefined", "wrong", {"DF103"}, p_guarded_expansion),
    ("apt-get-install-simulate", "wrong", {"DF120", "DF220", "DF421"}, p_apt_simulate),
    ("rpm-version-from-variable", "wrong", {"DF220"}, p_rpm_var_version),
    ("windows-builtin-account", "wrong", {"DF207"}, p_windows_user),
    ("busybox-wget-progress", "wrong", {"DF422"}, p_busybox_wget),
    ("echo-builtin-pipe", "debatable", {"DF121"}, p_echo_builtin),
    ("alpine-apk-pin", "debatable", {"DF220"}, p_apk_pin),
    ("named-owner-fixed-id", "debatable", {"DF207"}, p_named_owner_linux),
    ("from-build-argument", "debatable", {"DF201"}, p_from_build_arg),
    ("context-copy-builder-stage", "debatable", {"DF208"}, p_builder_only_context),
    ("cd-in-build-run", "debatable", {"DF122"}, p_any),
    ("definition-description-style", "debatable", {"DF408"}, p_any),
    ("consecutive-run-style", "debatable", {"DF409"}, p_any),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", default="all-findings.tsv")
    parser.add_argument("--base", default=".", help="directory the finding paths are relative to")
    parser.add_argument("--show", help="print the findings that match this pattern")
    args = parser.parse_args()

    findings = read_tsv(Path(args.all))
    corpus = Corpus(Path(args.base))
    per_rule = collections.Counter(f["code"] for f in findings)
    print("| pattern | verdict | rule | findings in corpus | of the rule's |")
    print("|---|---|---|---:|---:|")
    for name, verdict, rules, test in PATTERNS:
        hits = [f for f in findings if f["code"] in rules and test(f, corpus)]
        by_rule = collections.Counter(f["code"] for f in hits)
        for code in sorted(by_rule):
            print(f"| {name} | {verdict} | {code} | {by_rule[code]} | {per_rule[code]} |")
        if not hits:
            print(f"| {name} | {verdict} | {','.join(sorted(rules))} | 0 | |")
        if args.show == name:
            for f in hits:
                print(f"    {f['file']}:{f['line']}: {f['source_line'][:100]}")


if __name__ == "__main__":
    main()
