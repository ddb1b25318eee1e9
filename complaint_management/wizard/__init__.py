from . import customer_complaint_transition
from . import customer_complaint_extension
