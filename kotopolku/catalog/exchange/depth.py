"""The nesting depth of a JSON file, measured before anything parses it into objects.

A parser that keeps a path per open level (ijson's prefixes) needs memory in the square of
the depth: 100,000 nested `[` in a 200 KB file took 22.7 GB, and Python's own `json` and
`str()` of such a value end in a RecursionError. No format Kotopolku reads nests deeper than
about ten levels, so a file nested deeper than `MAX_DEPTH` is refused by name, after one
streaming pass over its bytes: strings are removed by a regular expression (so brackets
inside texts do not count), the brackets left are summed as +1/-1, and the running sum is
the depth. Memory stays at one chunk (1 MiB) plus an unfinished string at its end.
"""

from __future__ import annotations

import array
import itertools
import re
from typing import BinaryIO

MAX_DEPTH = 32  # levels of arrays and objects; the HSDS service_full shape needs 6
CHUNK = 1 << 20
MAX_STRING = 16 << 20  # one string longer than this (16 MiB) is not a catalogue text

# A complete JSON string (the unrolled form: no backtracking per character).
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(range(256)).translate(None, b"[]{}")
_SIGNS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 / -1 as signed bytes


class TooDeepError(ValueError):
    """The JSON nests arrays and objects deeper than the limit (or holds a giant string)."""


def check(handle: BinaryIO, limit: int = MAX_DEPTH) -> int:
    """The deepest nesting of the JSON read from `handle`; TooDeepError past `limit`."""
    depth = deepest = 0
    carry = b""
    offset = 0  # bytes read before the current chunk (for the message)
    while True:
        chunk = handle.read(CHUNK)
        if not chunk:
            break
        text = carry + chunk
        stripped = _STRING.sub(b"", text)
        quote = stripped.find(b'"')
        if quote >= 0:  # a string still open at the end of the chunk: read on with it
            tail = len(stripped) - quote
            carry, stripped = text[len(text) - tail :], stripped[:quote]
            if len(carry) > MAX_STRING:
                raise TooDeepError(
                    f"a string longer than {MAX_STRING >> 20} MiB near byte {offset}: "
                    "not a catalogue file"
                )
        else:
            carry = b""
        signs = stripped.translate(None, _NOT_BRACKETS).translate(_SIGNS)
        opened = signs.count(1)
        if depth + opened <= limit:  # cannot pass the limit in this chunk: no running sum
            depth += opened - (len(signs) - opened)
            deepest = max(deepest, min(depth + opened, limit))
        else:
            running = list(itertools.accumulate(array.array("b", signs), initial=depth))
            peak = max(running)
            if peak > limit:
                raise TooDeepError(
                    f"arrays and objects nested more than {limit} levels deep "
                    f"(within bytes {offset}–{offset + len(chunk)}); no catalogue format "
                    "nests that deep, so the file is not read"
                )
            deepest, depth = max(deepest, peak), running[-1]
        offset += len(chunk)
    return deepest


def check_bytes(data: bytes, limit: int = MAX_DEPTH) -> int:
    import io

    return check(io.BytesIO(data), limit)
