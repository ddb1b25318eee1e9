from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import clean_context

from .customer_complaint_workflow import HANDLED_STATES, QA_GROUP

SLIP_KINDS = [("transfer", "Transfer Slip (转办单)"), ("supervision", "Supervision Slip (督办单)")]
ANSWER_FIELDS = {"answer"}
ISSUED_FIELDS = ("kind", "complaint_id", "department_id", "instructions", "date_due")


class ComplaintSlip(models.Model):
    """A slip QA issues to a department (001-BANK): a transfer slip (转办单) hands the
    complaint over to it, a supervision slip (督办单) presses it to act by a date. Each is
    numbered, printed, and answered by the receiving department; what was issued never
    changes."""

    _name = "complaint.slip"
    _description = "Complaint Transfer or Supervision Slip"
    _inherit = ["complaint.step.guard", "mail.thread"]
    _order = "date_issued desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Slip Number", readonly=True, copy=False, default="/")
    kind = fields.Selection(SLIP_KINDS, required=True, default="transfer")
    complaint_id = fields.Many2one(
        "customer.complaint", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    department_from_id = fields.Many2one("complaint.department", string="From", readonly=True)
    department_id = fields.Many2one("complaint.department", string="To", required=True, check_company=True)
    instructions = fields.Text(required=True)
    date_due = fields.Datetime(string="Answer By")
    issued_by_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    date_issued = fields.Datetime(readonly=True, default=fields.Datetime.now)
    answer = fields.Text(tracking=True)
    answered_by_id = fields.Many2one("res.users", readonly=True)
    date_answered = fields.Datetime(readonly=True)
    state = fields.Selection([("issued", "Issued"), ("answered", "Answered")], default="issued", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        """Only what QA decides comes from the client (kind, complaint, department, instructions,
        due date); the slip's stamps are its own, whatever the values or the context say."""
        clean = []
        for vals in vals_list:
            complaint_id = vals.get("complaint_id")
            if not isinstance(complaint_id, int) or isinstance(complaint_id, bool):
                raise UserError(self.env._("A slip is issued on a complaint."))
            clean.append({name: vals[name] for name in ISSUED_FIELDS if name in vals})
        complaints = self.env["customer.complaint"].browse({vals["complaint_id"] for vals in clean}).exists()
        if len(complaints) != len({vals["complaint_id"] for vals in clean}):
            raise UserError(self.env._("A slip is issued on a complaint."))
        self._check_issuer(complaints)
        for vals in clean:
            kind = vals.setdefault("kind", "transfer")
            if kind == "supervision" and not vals.get("date_due"):
                raise UserError(self.env._("A supervision slip says by when the department answers."))
            complaint = complaints.browse(vals["complaint_id"])
            if kind == "transfer":
                if complaint.department_id.id == vals.get("department_id"):
                    raise UserError(
                        self.env._("%(complaint)s is with that department already.", complaint=complaint.name)
                    )
                complaint._check_nothing_waits_for_approval()
            vals.update(
                department_from_id=complaint.department_id.id,
                name=self.env["ir.sequence"].with_company(complaint.company_id).next_by_code(f"complaint.slip.{kind}"),
                issued_by_id=self.env.uid,
                date_issued=fields.Datetime.now(),
                state="issued",
            )
        without_defaults = self.with_env(self.env(context=clean_context(self.env.context))).sudo()
        slips = super(ComplaintSlip, without_defaults).create(clean).with_env(self.env)
        slips._issue()
        return slips

    def _check_issuer(self, complaints):
        """QA issues slips, on complaints still being handled that they may change."""
        if not self.env.su and not self.env.user.has_group(QA_GROUP):
            raise AccessError(self.env._("Only QA issues transfer and supervision slips."))
        complaints.check_access("write")
        for complaint in complaints:
            if complaint.state not in HANDLED_STATES:
                raise UserError(
                    self.env._("%(complaint)s is not being handled: no slip is issued.", complaint=complaint.name)
                )

    def _issue(self):
        for slip in self:
            complaint = slip.complaint_id
            if slip.kind == "transfer":  # handed over: the department's least loaded member handles it
                load = complaint._open_load(slip.department_id.member_ids | slip.department_id.default_user_id)
                handler = slip.department_id._least_loaded_member(load, complaint._routing_excluded_users())
                complaint.sudo()._step_write({"department_id": slip.department_id.id, "user_id": handler.id or False})
            recipients = (slip.department_id.manager_id or complaint.user_id).filtered("active")
            kinds = dict(self._fields["kind"]._description_selection(self.env))
            complaint.message_post(
                body=Markup("<b>%s %s</b> → %s<br/>%s")
                % (kinds[slip.kind], slip.name, slip.department_id.name, slip.instructions),
                subtype_xmlid="mail.mt_note",
            )
            for user in recipients:
                complaint._todo(
                    user,
                    lambda env, s=slip: env._("Answer %(slip)s", slip=s.name),
                    slip.instructions,
                    date_deadline=slip.date_due and slip.date_due.date(),
                )

    def write(self, vals):
        if self._is_stepping():
            return super().write(vals)
        if set(vals) - ANSWER_FIELDS:
            raise UserError(self.env._("An issued slip is kept as issued; only its answer is written."))
        for slip in self:
            if slip.state != "issued":
                raise UserError(self.env._("%(slip)s is answered already.", slip=slip.name))
            slip._check_answerer()
        return super().write(vals)

    def _check_answerer(self):
        self.ensure_one()
        user = self.env.user
        if not (self.env.su or user in (self.department_id.member_ids | self.department_id.manager_id)
                or user.has_group(QA_GROUP)):  # fmt: skip
            raise AccessError(self.env._("Only the receiving department answers %(slip)s.", slip=self.name))

    def action_mark_answered(self):
        for slip in self:
            slip._check_answerer()
            if slip.state != "issued" or not (slip.answer or "").strip():
                raise UserError(self.env._("Write the department's answer first."))
        self._step_write({"state": "answered", "answered_by_id": self.env.uid, "date_answered": fields.Datetime.now()})
        for slip in self:
            slip.complaint_id.message_post(
                body=Markup("<b>%s</b><br/>%s") % (self.env._("%(slip)s answered", slip=slip.name), slip.answer),
                subtype_xmlid="mail.mt_note",
            )
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An issued slip is kept: it cannot be deleted."))
