"""Secrets kept out of messages and logs: redaction, a redacted copy of an error, the full redacted traceback."""
from __future__ import annotations

import logging
import traceback


def redact(text: str, secrets: tuple[str, ...] | list[str]) -> str:
    """The text with every secret (4+ characters) replaced by '***'."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


def redacted(exc: Exception, secrets: tuple[str, ...] | list[str]) -> Exception:
    """An error of the same type whose message has every secret redacted (raise it ``from None``)."""
    return type(exc)(redact(str(exc), secrets))


def log_exception(logger: logging.Logger, message: str, exc: BaseException,
                  secrets: tuple[str, ...] | list[str] = ()) -> None:
    """One log record: the message, then the exception's full traceback with every secret redacted.

    NB formatted here rather than with logger.exception: a handler formats exc_info after any filter could redact.
    """
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    logger.error("%s\n%s", message, redact(trace, secrets))
