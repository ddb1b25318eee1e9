from odoo import fields, models


class ComplaintReturnRefuse(models.TransientModel):
    _name = "complaint.return.refuse"
    _description = "Refuse a Return"

    return_id = fields.Many2one("complaint.return", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.return_id._refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
