from odoo import fields, models

from ..models.customer_complaint import CONFIRMATION_METHODS
from ..models.customer_complaint_followup import SATISFACTION


class CustomerComplaintTransition(models.TransientModel):
    _name = "customer.complaint.transition"
    _description = "Complaint Step Needing Details"

    # filed (归档) complaints are archived records: reopening one must still find it
    complaint_ids = fields.Many2many(
        "customer.complaint", string="Complaints", required=True, context={"active_test": False}
    )
    transition = fields.Selection(
        [
            ("invalid", "Mark Invalid"),
            ("close", "Close Complaint"),
            ("solve_directly", "Solve and Close Directly"),
            ("provisional", "Close Provisionally"),
            ("withdraw", "Withdraw"),
            ("reopen", "Reopen"),
            ("followup", "Satisfaction Follow-up"),
            ("escalate", "Escalate to the Next Tier"),
            ("review_recording", "Review the Recording"),
            ("close_malicious", "Close as Malicious or Repeated"),
        ],
        string="Step",
        required=True,
    )
    reason = fields.Text()
    proposed_solution = fields.Text(string="Solution Proposed")
    progress = fields.Text(string="Progress So Far")
    solution = fields.Text(string="Solution Given")
    agreed_solution = fields.Text(string="Solution Agreed")
    date_implemented = fields.Date(string="Solution Carried Out On")
    is_voluntary = fields.Boolean(string="Voluntary", default=True)
    confirmation_method = fields.Selection(
        CONFIRMATION_METHODS,
        string="Customer Confirmation",
    )
    satisfaction = fields.Selection(SATISFACTION)
    date_confirmation = fields.Date(string="Confirmed On", default=fields.Date.context_today)

    def action_apply(self):
        self.ensure_one()
        complaints = self.complaint_ids
        if self.transition == "invalid":
            complaints._action_mark_invalid(self.reason)
        elif self.transition == "close":
            complaints._action_close(
                self.confirmation_method, self.date_confirmation, self.agreed_solution, self.date_implemented
            )
        elif self.transition == "solve_directly":
            complaints._action_solve_directly(self.solution, self.confirmation_method, self.date_confirmation)
        elif self.transition == "provisional":
            complaints._action_provisional_close(self.reason, self.proposed_solution, self.progress)
        elif self.transition == "withdraw":
            complaints._action_withdraw(self.reason, self.is_voluntary)
        elif self.transition == "reopen":
            complaints._action_reopen(self.reason)
        elif self.transition == "review_recording":
            complaints._review_recording(self.reason)
        elif self.transition == "close_malicious":
            complaints._close_malicious(self.reason)
        elif self.transition == "escalate":
            complaints._escalate_by_hand(self.reason)
        elif self.transition == "followup":
            complaints._record_satisfaction(self.satisfaction, self.reason)
        return {"type": "ir.actions.act_window_close"}
