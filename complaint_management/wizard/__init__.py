from . import customer_complaint_transition
from . import customer_complaint_extension
from . import complaint_corrective_action_verify
from . import complaint_approval_refuse
from . import stock_return_picking
from . import complaint_statistics_wizard
from . import complaint_return_refuse
