"""The MkDocs hook that writes the site's checksum manifest (SHA256SUMS), last of all.

A hook of its own, because it must run after every other step that writes into the site: the
report's PDF (hooks/site.py) and, in the offline build, the search index that Material's offline
plugin inlines (at priority -100). Under `mkdocs serve` it does nothing: a preview is not published.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from dossier import manifest

_command: dict[str, str] = {}


def on_startup(command: str, dirty: bool) -> None:
    _command["name"] = command


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    if _command.get("name") == "serve":
        return
    try:  # signed when DOSSIER_SIGNING_KEY names a key file
        manifest.write(Path(config.site_dir), manifest.signing_key(Path(config.config_file_path).parent))
    except manifest.CopyError as exc:
        raise PluginError(str(exc)) from None
