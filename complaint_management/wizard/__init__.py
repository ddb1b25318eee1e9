from . import customer_complaint_transition
