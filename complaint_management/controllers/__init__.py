from . import complaint_xlsx
from . import portal
from . import public
