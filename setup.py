"""Build step: carry ``data/raw/`` and ``notebooks/`` inside the wheel as ``ftzlink/_bundled/``.

Both folders stay at the top of the source tree (the project layout); a built package needs
them too, so ``build_py`` copies them into the build directory. Editable installs read them
from the checkout instead (see ``ftzlink/resources.py``).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLE = {"data": ROOT / "data" / "raw", "notebooks": ROOT / "notebooks"}
IGNORE = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc")


class BuildWithBundle(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name, source in BUNDLE.items():
            target = Path(self.build_lib) / "ftzlink" / "_bundled" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(source, target, ignore=IGNORE)


setup(cmdclass={"build_py": BuildWithBundle})
