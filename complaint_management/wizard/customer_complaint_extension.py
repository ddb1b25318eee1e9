from odoo import fields, models
from odoo.exceptions import UserError


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
        complaint = self.complaint_id
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Tell the customer why the answer takes longer."))
        if self.date_new <= fields.Datetime.now():
            raise UserError(self.env._("The new reply date must be in the future."))
        if complaint.state not in ("registered", "investigating", "action", "verification"):
            raise UserError(self.env._("Only a complaint not yet answered can be extended."))
        # The reply deadline follows the promised date (and the chatter says so).
        complaint.write({"extension_reason": reason, "date_extension": self.date_new})
        if self.notify_customer:
            template = self.env.ref("complaint_management.mail_template_complaint_extension")
            complaint.message_post_with_source(template, message_type="comment", subtype_xmlid="mail.mt_comment")
        return {"type": "ir.actions.act_window_close"}
