"""Installs the complaint_management addon as the Python package odoo.addons.complaint_management."""

import ast
import pathlib

from setuptools import setup

HERE = pathlib.Path(__file__).parent
ADDON = "complaint_management"
manifest = ast.literal_eval((HERE / ADDON / "__manifest__.py").read_text(encoding="utf-8"))
packages = [
    "odoo.addons." + ".".join(path.relative_to(HERE).parent.parts)
    for path in sorted((HERE / ADDON).rglob("__init__.py"))
]
# Every file of the addon that is not a Python module: views, data, translations, icons,
# assets, and the migration scripts (Odoo runs them by path; they are no package).
data_files = sorted(
    str(path.relative_to(HERE / ADDON))
    for path in (HERE / ADDON).rglob("*")
    if path.is_file()
    and "__pycache__" not in path.parts
    and (path.suffix not in (".py", ".pyc") or path.relative_to(HERE / ADDON).parts[0] == "migrations")
)

setup(
    name="odoo-addon-" + ADDON.replace("_", "-"),
    version=manifest["version"],
    description=manifest["summary"],
    license="LGPL-3",
    author=manifest["author"],
    python_requires=">=3.10",
    install_requires=["xlsxwriter"],
    packages=packages,
    package_dir={"odoo.addons." + ADDON: ADDON},
    package_data={"odoo.addons." + ADDON: data_files},
    zip_safe=False,
)
