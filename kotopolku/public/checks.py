"""A system check: the public path's data files load (a broken file is named at start-up and
by `kotopolku check`, not first by a client's request)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error


def path_texts_load(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from kotopolku.public import texts

    try:
        texts.load()
    except texts.PathTextError as exc:
        return [
            Error(
                f"The public service path's texts do not load: {exc}",
                hint="Fix the file under kotopolku/public/data/ (docs/public.md).",
                id="kotopolku.E020",
            )
        ]
    return []
