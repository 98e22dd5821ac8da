"""Mask every henkilötunnus in what Kotopolku writes to its logs.

A henkilötunnus must never reach a log line (DESIGN.md, data principles), yet a request
line (`GET /clients/?q=010190-999W`) or an error message can carry one. The filter sits on
the log handlers (settings.LOGGING), so it covers every logger that propagates to them:
Django's request and server loggers included. It masks the message, its arguments and a
formatted traceback.
"""

from __future__ import annotations

import logging
import re
from typing import Any

# DDMMYY, a century sign (or "+" percent-encoded), three digits, a check character; in any
# case, not inside a longer run of letters and digits.
HETU_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z])[0-9]{6}(?:[-+A-FU-Ya-fu-y]|%2[Bb])[0-9]{3}[0-9A-Ya-y](?![0-9A-Za-z])"
)
MASK = "[henkilötunnus]"


def mask_text(text: str) -> str:
    return HETU_IN_TEXT.sub(MASK, text)


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, bytes):
        return mask_text(value.decode("utf-8", "replace"))
    if isinstance(value, int | float) or value is None:
        return value
    return mask_text(str(value))


class MaskHenkilotunnus(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            if isinstance(record.args, dict):
                record.args = {k: _mask(v) for k, v in record.args.items()}
            else:
                record.args = tuple(_mask(v) for v in record.args)
        record.msg = _mask(record.msg) if not isinstance(record.msg, str) else mask_text(record.msg)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True
