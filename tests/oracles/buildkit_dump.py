"""Parses Dockerfiles with BuildKit v0.12.5's own parser (PyPI package `dockerfile`).

Usage: python buildkit_dump.py FILE...

Prints one JSON object mapping each path to either
  {"ok": true, "instructions": [{cmd, sub_cmd, json, original, start_line, end_line,
                                 flags, value, heredocs: [{name, file_descriptor, content}]}]}
or
  {"ok": false, "error": "<BuildKit's error message>"}
(also when BuildKit produced a value that is not valid UTF-8, which the wrapper cannot return).

`parse_file` is used rather than `parse_string` because strings cross into Go as C strings,
which would cut the input at the first NUL byte; files are read by Go itself.
"""

import json
import sys

import dockerfile


def dump(path):
    try:
        commands = dockerfile.parse_file(path)
    except dockerfile.GoParseError as error:
        return {"ok": False, "error": str(error)}
    except UnicodeDecodeError as error:
        # BuildKit cut a value inside a UTF-8 sequence (HEALTHCHECK and the flag splitter
        # work byte by byte); the wrapper cannot hand such a string to Python.
        return {"ok": False, "error": f"oracle cannot report a value that is not UTF-8: {error}"}
    return {
        "ok": True,
        "instructions": [
            {
                "cmd": command.cmd,
                "sub_cmd": command.sub_cmd,
                "json": command.json,
                "original": command.original,
                "start_line": command.start_line,
                "end_line": command.end_line,
                "flags": list(command.flags),
                "value": list(command.value),
                "heredocs": [
                    {
                        "name": heredoc.name,
                        "file_descriptor": heredoc.file_descriptor,
                        "content": heredoc.content,
                    }
                    for heredoc in command.heredocs
                ],
            }
            for command in commands
        ],
    }


def main(paths):
    results = {path: dump(path) for path in paths}
    json.dump(results, sys.stdout, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
