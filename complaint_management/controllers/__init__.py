from . import complaint_xlsx
