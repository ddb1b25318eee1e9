from odoo import api, fields, models
from odoo.exceptions import UserError

# The semantic states a stage can carry; only the complaint's actions move between them.
COMPLAINT_STATES = [
    ("new", "New"),
    ("registered", "Registered"),
    ("investigating", "Investigating"),
    ("action", "Corrective Action"),
    ("verification", "Verification"),
    ("replied", "Replied"),
    ("closed", "Closed"),
    ("provisional", "Provisionally Closed"),
    ("withdrawn", "Withdrawn"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("new", "registered", "investigating", "action", "verification", "replied")
DONE_STATES = ("closed", "provisional", "withdrawn")


class ComplaintStage(models.Model):
    _name = "complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    state = fields.Selection(COMPLAINT_STATES, required=True, default="new", index=True)
    fold = fields.Boolean(string="Folded in Kanban")
    is_waiting = fields.Boolean(
        string="Waiting on Customer", help="The deadline clock stops while a complaint is in this stage."
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    def write(self, vals):
        if "state" in vals and self.env["customer.complaint"].sudo().with_context(active_test=False).search_count(
            [("stage_id", "in", self.ids), ("state", "!=", vals["state"])], limit=1
        ):
            raise UserError(
                self.env._("The status of a stage in use cannot change: complaints would change status without a step.")
            )
        return super().write(vals)

    @api.model
    def _stage_for_state(self, state):
        """The first active stage carrying ``state``."""
        return self.search([("state", "=", state)], limit=1)
