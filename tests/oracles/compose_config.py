"""Runs `docker compose config` (the real docker compose binary) over compose corpus cases.

Usage:
    python compose_config.py --binary PATH --home DIR [--no-json] [--prepend ARG...]
                             CASE_DIR [CASE_DIR...]

`--prepend` puts arguments before the case's own: `--binary plumb --prepend compose` runs
`plumb compose …` on the cases exactly as docker compose is run, for comparison.

Each CASE_DIR is one directory of tests/corpus/compose/ holding a compose project and its
case.toml (see tests/corpus/compose/README.md).  For every case the script

  * reads case.toml: `args` (default ["config"]), `env` (extra variables), `cwd`
    (a subdirectory to run from);
  * inserts "--format" "json" right after the first "config" argument, unless --no-json
    is given;
  * runs the binary from the case directory (or its `cwd` subdirectory) with exactly the
    environment {PATH: /usr/bin:/bin, HOME: --home, PWD: <working dir>} plus `env`,
    with stdin closed and a 30 s timeout.

It prints one JSON object mapping every CASE_DIR (as given on the command line) to
{"exit_code": int, "stdout": str, "stderr": str}.  A run that times out is reported with
exit_code -1, a case the script cannot run (bad case.toml, missing binary or cwd) with
exit_code -2, each with a "harness: ..." note on stderr.  Nothing in the case directories
is written.

Cases run in parallel (docker compose config is short-lived and independent per case).
Standard library only (Python 3.11).
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tomllib

TIMEOUT_SECONDS = 30
BASE_PATH = "/usr/bin:/bin"
ALLOWED_KEYS = {"description", "source", "env", "args", "cwd", "nondeterministic"}


class CaseError(Exception):
    """case.toml is missing or malformed."""


def load_case(case_dir):
    path = os.path.join(case_dir, "case.toml")
    try:
        with open(path, "rb") as handle:
            case = tomllib.load(handle)
    except FileNotFoundError as error:
        raise CaseError(f"{path}: missing") from error
    except tomllib.TOMLDecodeError as error:
        raise CaseError(f"{path}: {error}") from error
    unknown = set(case) - ALLOWED_KEYS
    if unknown:
        raise CaseError(f"{path}: unknown keys {sorted(unknown)}")
    args = case.get("args", ["config"])
    if not isinstance(args, list) or not all(isinstance(arg, str) for arg in args):
        raise CaseError(f"{path}: args must be a list of strings")
    env = case.get("env", {})
    if not isinstance(env, dict) or not all(isinstance(value, str) for value in env.values()):
        raise CaseError(f"{path}: env must be a table of strings")
    cwd = case.get("cwd", "")
    if not isinstance(cwd, str):
        raise CaseError(f"{path}: cwd must be a string")
    return args, env, cwd


def command_line(binary, args, json_output, prepend=()):
    args = list(args)
    if json_output and "config" in args:
        index = args.index("config") + 1
        args[index:index] = ["--format", "json"]
    return [binary, *prepend, *args]


def run_case(case_dir, binary, home, json_output, prepend=()):
    try:
        args, extra_env, cwd = load_case(case_dir)
    except CaseError as error:
        return {"exit_code": -2, "stdout": "", "stderr": f"harness: {error}"}
    workdir = os.path.abspath(os.path.join(case_dir, cwd)) if cwd else os.path.abspath(case_dir)
    env = {"PATH": BASE_PATH, "HOME": home, "PWD": workdir}
    env.update(extra_env)
    try:
        completed = subprocess.run(
            command_line(binary, args, json_output, prepend),
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except OSError as error:
        return {"exit_code": -2, "stdout": "", "stderr": f"harness: cannot run the binary: {error}"}
    except subprocess.TimeoutExpired as error:
        return {
            "exit_code": -1,
            "stdout": (error.stdout or b"").decode("utf-8", "replace"),
            "stderr": (error.stderr or b"").decode("utf-8", "replace")
            + f"\nharness: timed out after {TIMEOUT_SECONDS}s",
        }
    return {
        "exit_code": completed.returncode,
        "stdout": completed.stdout.decode("utf-8", "replace"),
        "stderr": completed.stderr.decode("utf-8", "replace"),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--binary", required=True, help="the docker compose binary")
    parser.add_argument("--home", required=True, help="directory used as HOME")
    parser.add_argument(
        "--no-json", action="store_true", help='do not insert "--format json" after "config"'
    )
    parser.add_argument(
        "--prepend", action="append", default=[], help="an argument before the case's own"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help=argparse.SUPPRESS)
    parser.add_argument("cases", nargs="+", metavar="CASE_DIR")
    options = parser.parse_args(argv)

    binary = os.path.abspath(options.binary)
    home = os.path.abspath(options.home)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        futures = {
            case: pool.submit(
                run_case, case, binary, home, not options.no_json, tuple(options.prepend)
            )
            for case in options.cases
        }
        results = {case: future.result() for case, future in futures.items()}
    json.dump(results, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
