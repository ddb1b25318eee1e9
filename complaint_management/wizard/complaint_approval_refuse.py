from odoo import fields, models


class ComplaintApprovalRefuse(models.TransientModel):
    _name = "complaint.approval.refuse"
    _description = "Refuse Countermeasures or a Compensation"

    complaint_id = fields.Many2one("customer.complaint", required=True)
    compensation_id = fields.Many2one("complaint.compensation")
    subject = fields.Selection(
        [("countermeasure", "Countermeasures"), ("compensation", "Compensation"), ("extension", "More Time")],
        required=True,
        default="compensation",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.subject == "countermeasure":
            self.complaint_id._refuse_countermeasures(self.reason)
        elif self.subject == "extension":
            self.complaint_id._refuse_extension(self.reason)
        else:
            self.compensation_id._refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
