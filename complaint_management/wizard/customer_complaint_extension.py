from odoo import fields, models


class CustomerComplaintExtension(models.TransientModel):
    """Postpone the reply to the customer, telling them why and when (SPEC §3.6)."""

    _name = "customer.complaint.extension"
    _description = "Complaint Reply Extension"

    complaint_id = fields.Many2one("customer.complaint", required=True)
    reason = fields.Text(required=True)
    date_new = fields.Datetime(string="New Reply Date", required=True)
    notify_customer = fields.Boolean(string="Tell the Customer", default=True)

    def action_apply(self):
        self.ensure_one()
        self.complaint_id._extend(self.reason, self.date_new, self.notify_customer)
        return {"type": "ir.actions.act_window_close"}
