"""Build hook: ship the top-level translations/ (sources and compiled catalogs) inside the package."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    """Copy translations/ into praatplaat/translations and compile every .po to .mo."""

    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        source = Path(__file__).parent / "translations"
        target = Path(self.build_lib) / "praatplaat" / "translations"
        for po_path in source.glob("*/LC_MESSAGES/*.po"):
            dest = target / po_path.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(po_path, dest)
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with dest.with_suffix(".mo").open("wb") as mo_file:
                write_mo(mo_file, catalog)


setup(cmdclass={"build_py": BuildWithCatalogs})
