from odoo import api, models


class ComplaintChildMixin(models.AbstractModel):
    """What hangs under a complaint (its products, its 5-Why steps) changes with it: not once the
    complaint is closed, withdrawn or cancelled."""

    _name = "complaint.child.mixin"
    _description = "Part of a Complaint"

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
