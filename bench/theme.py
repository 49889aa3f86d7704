"""A hook for the benchmark's baseline only: the theme overrides' words (`dossier_t`), given as
hooks/site.py gives them, so that MkDocs alone renders the very same theme. No data, no pages."""

from __future__ import annotations

from typing import Any

from dossier import i18n


def on_env(env: Any, config: Any, files: Any) -> Any:
    return i18n.theme(env)
