from . import models
from . import wizard
from . import controllers


def _uninstall_hook(env):
    """Indexes the addon adds to other addons' tables go with it (see res_partner.py)."""
    env.cr.execute("DROP INDEX IF EXISTS res_partner__complaint_name_search_index")
