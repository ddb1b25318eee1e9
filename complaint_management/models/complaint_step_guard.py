from odoo import models
from odoo.exceptions import UserError


class ComplaintStepGuard(models.AbstractModel):
    """The guard of every step of a complaint, an action or a return: the record's status must
    be one the step starts from, else a translated error names the record and the statuses."""

    _name = "complaint.step.guard"
    _description = "Complaint Step Guard"

    def _state_labels(self):
        """The status names in the user's language."""
        return dict(self._fields["state"]._description_selection(self.env))

    def _check_state(self, allowed):
        labels = self._state_labels()
        for record in self:
            if record.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(record)s is %(state)s: this step is only possible from %(allowed)s.",
                        record=record.name,
                        state=labels.get(record.state, record.state),
                        allowed=", ".join(labels[s] for s in allowed),
                    )
                )
