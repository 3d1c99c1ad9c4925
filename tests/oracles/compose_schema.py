"""Prints the compose-spec JSON schema that a docker compose binary validates with.

Usage: python compose_schema.py --binary PATH

docker compose embeds compose-go's `schema/compose-spec.json` as a Go string. This finds it
by its `$schema` and `$id` members, reads one JSON value from the `{` that opens it, and
writes the schema's bytes exactly as embedded, with the file's final newline, so that their
sha256 is that of compose-go's file.
Standard library only.
"""

import argparse
import json
import sys

MARKER = b'"$schema": "https://json-schema.org/draft-07/schema",\n  "$id": "compose_spec.json"'


def embedded_schema(binary):
    marker = binary.find(MARKER)
    if marker == -1:
        raise SystemExit("no compose-spec schema (draft-07, $id compose_spec.json) in the binary")
    start = binary.rfind(b"{", 0, marker)
    if start == -1:
        raise SystemExit("no `{` before the compose-spec schema's $schema member")
    # The bytes after the schema are not text: surrogateescape keeps them one character each,
    # so the decoded JSON's length maps back to its length in bytes.
    text = binary[start:].decode("utf-8", errors="surrogateescape")
    schema, end = json.JSONDecoder().raw_decode(text)
    if schema.get("$id") != "compose_spec.json":
        raise SystemExit("the JSON value found is not the compose-spec schema")
    if text[end : end + 1] == "\n":
        end += 1
    return text[:end].encode("utf-8", errors="surrogateescape")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the docker compose (docker-compose) binary")
    arguments = parser.parse_args()
    with open(arguments.binary, "rb") as file:
        binary = file.read()
    sys.stdout.buffer.write(embedded_schema(binary))


if __name__ == "__main__":
    main()
