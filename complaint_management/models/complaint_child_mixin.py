from odoo import api, fields, models


class ComplaintChildMixin(models.AbstractModel):
    """What hangs under a complaint (its products, 5-Why steps, inspection items): belongs to it,
    in its order, and changes with it: not once the
    complaint is closed, withdrawn or cancelled."""

    _name = "complaint.child.mixin"
    _description = "Part of a Complaint"
    _order = "complaint_id, sequence, id"

    complaint_id = fields.Many2one("customer.complaint", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.complaint_id._check_editable()
        return records

    def write(self, vals):
        self.complaint_id._check_editable()
        result = super().write(vals)
        self.complaint_id._check_editable()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_if_complaint_editable(self):
        self.complaint_id._check_editable()
