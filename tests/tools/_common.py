"""Shared helpers for the output validators in tests/tools/check_*.py (not a script itself).

Every validator follows one contract, so the Rust integration tests can call them alike:

    python3 tests/tools/check_<what>.py <output-dir> [options]

    exit 0  everything valid; stdout holds exactly one line of JSON with counts
    exit 1  the output is invalid; stderr holds one line per problem, "<file>: <what is wrong>",
            with <file> relative to the output dir, then a closing "<tool>: N problem(s)" line
    exit 2  bad usage (no such output dir, unknown option)
    exit 3  a required Python package is missing or too old (see tests/requirements.txt)
    exit 4  the validator itself crashed (a bug here, not in the site): traceback on stderr

Only the standard library is imported here; each validator imports its third-party packages
through `require()`, which turns a missing package into exit 3.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib
import json
import re
import sys
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_MISSING_PACKAGE = 3
EXIT_CRASH = 4

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
REQUIREMENTS = "tests/requirements.txt"

# RFC 3339 date-time: full date, 'T', time with optional fraction, then Z or +hh:mm (mandatory).
RFC3339_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)


def run(tool: str, main) -> NoReturn:
    """Calls `main()`; an unexpected exception becomes exit 4 so it is not mistaken for exit 1."""
    try:
        main()
    except SystemExit:
        raise
    except BaseException:
        import traceback

        traceback.print_exc()
        print(f"{tool}: internal error in the validator (exit {EXIT_CRASH}); this is a bug in tests/tools", file=sys.stderr)
        sys.exit(EXIT_CRASH)
    sys.exit(EXIT_OK)


def require(tool: str, module: str, package: str | None = None, min_version: tuple[int, ...] = ()):
    """Import `module` or exit 3 with a message naming the pip package to install."""
    package = package or module
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        die_missing(tool, f"the Python package '{package}' is not installed ({exc})")
    if min_version:
        from importlib.metadata import PackageNotFoundError, version

        try:
            have = version(package)
        except PackageNotFoundError:
            have = getattr(mod, "__version__", "0")
        if _version_tuple(have) < min_version:
            want = ".".join(map(str, min_version))
            die_missing(tool, f"the Python package '{package}' is {have}, {want} or newer is needed")
    return mod


def die_missing(tool: str, why: str) -> NoReturn:
    print(f"{tool}: {why}; install with: python3 -m pip install -r {REQUIREMENTS}", file=sys.stderr)
    sys.exit(EXIT_MISSING_PACKAGE)


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = re.match(r"\d+", piece)
        if not digits:
            break
        parts.append(int(digits.group()))
    return tuple(parts)


def parse_args(tool: str, doc: str | None, extra=None) -> argparse.Namespace:
    """Parse `<output-dir>` (+ options added by `extra(parser)`); a bad dir is exit 2."""
    parser = argparse.ArgumentParser(
        prog=tool,
        description=(doc or "").strip().splitlines()[0] if doc else None,
    )
    parser.add_argument("output_dir", type=Path, help="the built site (e.g. public/)")
    if extra:
        extra(parser)
    args = parser.parse_args()  # argparse itself exits 2 on usage errors
    if not args.output_dir.is_dir():
        print(f"{tool}: {args.output_dir} is not a directory", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    return args


class Report:
    """Collects problems; `finish()` prints them (or the success summary) and exits."""

    def __init__(self, tool: str, out_dir: Path):
        self.tool = tool
        self.out_dir = out_dir
        self.problems: list[str] = []
        self.notes: list[str] = []

    def rel(self, path: Path | str) -> str:
        path = Path(path)
        try:
            return path.relative_to(self.out_dir).as_posix()
        except ValueError:
            return path.as_posix()

    def error(self, file: Path | str, message: str) -> None:
        self.problems.append(f"{self.rel(file)}: {message}")

    def note(self, message: str) -> None:
        """Context printed after the problems (only when there are problems)."""
        self.notes.append(message)

    def count(self, file: Path | str) -> int:
        prefix = f"{self.rel(file)}: "
        return sum(1 for p in self.problems if p.startswith(prefix))

    def finish(self, summary: dict[str, Any]) -> NoReturn:
        if self.problems:
            for problem in self.problems:
                print(problem, file=sys.stderr)
            for note in self.notes:
                print(f"note: {note}", file=sys.stderr)
            n = len(self.problems)
            print(f"{self.tool}: {n} problem{'s' if n != 1 else ''} in {self.out_dir}", file=sys.stderr)
            sys.exit(EXIT_INVALID)
        print(json.dumps({"tool": self.tool, "ok": True, **summary}, ensure_ascii=False, sort_keys=False))
        sys.exit(EXIT_OK)


# ---------------------------------------------------------------- values


def parse_rfc3339(text: Any) -> _dt.datetime | None:
    """An aware datetime for a strict RFC 3339 date-time (offset or Z required), else None."""
    if not isinstance(text, str) or not RFC3339_RE.match(text):
        return None
    normalized = text.replace(":60", ":59", 1) if re.search(r"T\d{2}:\d{2}:60", text) else text
    try:
        value = _dt.datetime.fromisoformat(normalized.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def is_date(text: Any) -> bool:
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_http_url(text: Any) -> bool:
    """Absolute http(s) URL with a host and no whitespace."""
    if not isinstance(text, str) or not text or any(c.isspace() for c in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def is_absolute_uri(text: Any) -> bool:
    """Absolute URI (any scheme); http(s) ones must also have a host."""
    if not isinstance(text, str) or not text or any(c.isspace() for c in text):
        return False
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):
        return False
    scheme = text.split(":", 1)[0].lower()
    return is_http_url(text) if scheme in ("http", "https") else len(text) > len(scheme) + 1


def shorten(text: str, limit: int = 240) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- JSON


class DuplicateKeyError(ValueError):
    pass


def _no_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKeyError(f"duplicate key {key!r} in one object")
        seen[key] = value
    return seen


def load_json(path: Path, report: Report) -> tuple[bool, Any]:
    """(ok, value). Reports unreadable, non-UTF-8, malformed JSON and duplicate keys."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.error(path, f"cannot be read: {exc}")
        return False, None
    if raw.startswith(b"\xef\xbb\xbf"):
        report.error(path, "starts with a UTF-8 byte order mark; JSON (RFC 8259) must not")
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        report.error(path, f"is not valid UTF-8 (byte {exc.start})")
        return False, None
    try:
        return True, json.loads(text, object_pairs_hook=_no_duplicates)
    except DuplicateKeyError as exc:
        report.error(path, str(exc))
    except json.JSONDecodeError as exc:
        report.error(path, f"is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
    return False, None


# ---------------------------------------------------------------- JSON Schema

FORMAT_HINTS = {
    "date-time": "an RFC 3339 date-time with an explicit offset or Z, e.g. 2023-03-29T03:30:00.000+08:00",
    "date": "a YYYY-MM-DD date",
    "uri": "an absolute URI (http(s) URLs need a host)",
}


def schema_validator(tool: str, schema_file: str, definition: str | None = None):
    """A Draft 2020-12 validator for tests/schemas/<schema_file> (or one of its $defs).

    `format` is asserted with our own checkers (date-time, date, uri) so no optional
    jsonschema extras are needed.
    """
    jsonschema = require(tool, "jsonschema", "jsonschema", (4, 18))
    referencing = require(tool, "referencing", "referencing")
    from referencing.jsonschema import DRAFT202012

    path = SCHEMA_DIR / schema_file
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    resource = DRAFT202012.create_resource(schema)
    registry = referencing.Registry().with_resource(schema["$id"], resource)

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date-time")(lambda v: not isinstance(v, str) or parse_rfc3339(v) is not None)
    checker.checks("date")(lambda v: not isinstance(v, str) or is_date(v))
    checker.checks("uri")(lambda v: not isinstance(v, str) or is_absolute_uri(v))

    root = {"$ref": f"{schema['$id']}#/$defs/{definition}"} if definition else schema
    return jsonschema.Draft202012Validator(root, registry=registry, format_checker=checker)


def json_path(parts) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def describe_schema_error(err) -> str:
    """One readable line for a jsonschema ValidationError."""
    where = json_path(err.absolute_path)
    schema = err.schema if isinstance(err.schema, dict) else {}
    if err.validator == "pattern" and "propertyNames" in err.schema_path:
        message = f"property name {err.instance!r} is not lower_snake_case"
    elif err.validator in ("pattern", "format") and schema.get("format") in FORMAT_HINTS:
        message = f"{shorten(repr(err.instance), 80)} is not {FORMAT_HINTS[schema['format']]}"
    elif err.validator == "pattern":
        message = f"{shorten(repr(err.instance), 80)} does not match the required form {err.validator_value}"
    elif err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = set(schema.get("properties", {}))
        patterns = list(schema.get("patternProperties", {}))
        extra = [k for k in err.instance if k not in allowed and not any(re.search(p, k) for p in patterns)]
        message = f"unexpected propert{'y' if len(extra) == 1 else 'ies'} {', '.join(map(repr, extra))}"
        if "^_[A-Za-z]" in patterns:
            message += " (not in the spec; custom extension names must start with '_')"
    elif err.validator == "not" and isinstance(err.validator_value, dict) and "$comment" in err.validator_value:
        message = err.validator_value["$comment"]
    elif err.validator in ("anyOf", "oneOf") and err.context:
        seen = []
        for sub in err.context:
            text = describe_schema_error(sub).split(": ", 1)[-1]
            if text not in seen:
                seen.append(text)
        message = "none of the allowed forms match: " + " | ".join(seen)
    else:
        message = err.message
    return f"{where}: {shorten(message, 300)}"


def schema_errors(validator, instance) -> list[str]:
    """Sorted, de-duplicated error lines."""
    lines = []
    def order(err):
        return ([(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in err.absolute_path], str(err.validator))

    for err in sorted(validator.iter_errors(instance), key=order):
        line = describe_schema_error(err)
        if line not in lines:
            lines.append(line)
    return lines
