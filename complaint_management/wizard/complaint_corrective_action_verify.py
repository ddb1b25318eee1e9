from odoo import fields, models


class ComplaintCorrectiveActionVerify(models.TransientModel):
    _name = "complaint.corrective.action.verify"
    _description = "Verify a Corrective Action"

    action_ids = fields.Many2many(
        "complaint.corrective.action",
        "complaint_action_verify_rel",
        "wizard_id",
        "action_id",
        string="Actions",
        required=True,
    )
    is_effective = fields.Boolean(string="Effective")
    note = fields.Text(string="Evidence", required=True)

    def action_apply(self):
        self.ensure_one()
        follow_ups = self.action_ids._verify(self.is_effective, self.note)
        if follow_ups:
            return follow_ups._get_records_action(name=self.env._("New Actions"))
        return {"type": "ir.actions.act_window_close"}
