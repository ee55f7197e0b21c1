"""Vendors Den Haag's NL Design System tokens into static/vendor/denhaag/.

    python3 tools/vendor_design_tokens.py

Needs Node.js and npm, once, by whoever updates the tokens; `make run` needs neither: the
CSS files, their licence (EUPL-1.2) and the versions below are committed. To update, change
a version here, run the script and commit what it wrote.
"""

import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

PACKAGES = {
    "@gemeente-denhaag/design-tokens-common": "0.2.3-alpha.424",
    "@gemeente-denhaag/design-tokens-components": "4.1.0",
}
TARGET = Path(__file__).resolve().parent.parent / "static" / "vendor" / "denhaag"


def main():
    TARGET.mkdir(parents=True, exist_ok=True)
    recorded = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, version in PACKAGES.items():
            # The arguments are this file's constants; npm is whichever the maintainer has.
            command = ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", folder]
            packed = subprocess.run(  # noqa: S603
                command,
                check=True,
                capture_output=True,
                text=True,
            )
            info = json.loads(packed.stdout)[0]
            short = name.rsplit("/", 1)[-1]
            with tarfile.open(Path(folder) / info["filename"]) as archive:
                archive.extractall(Path(folder) / short, filter="data")
            package = Path(folder) / short / "package"
            shutil.copyfile(package / "dist" / "theme" / "index.css", TARGET / f"{short}.css")
            shutil.copyfile(package / "LICENSE.md", TARGET / "LICENSE.md")
            recorded[name] = {"version": version, "integrity": info["integrity"]}
    (TARGET / "VERSIONS.json").write_text(json.dumps(recorded, indent=2) + "\n")
    print("Tokens written to static/vendor/denhaag/.")


if __name__ == "__main__":
    main()
