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
# Every file of the addon that is not Python: views, data, translations, icons, assets.
data_files = sorted(
    str(path.relative_to(HERE / ADDON))
    for path in (HERE / ADDON).rglob("*")
    if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
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
