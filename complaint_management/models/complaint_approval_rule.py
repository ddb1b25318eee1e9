from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .complaint_approval import APPROVAL_TIERS
from .complaint_compensation import COMPENSATION_TYPES
from .complaint_criteria_mixin import own_or_shared


class ComplaintApprovalRule(models.Model):
    """Who approves, in which order: the countermeasures and disposal proposal of the
    complaints a rule matches, or the compensations it matches by type and value (000-A,
    000-D, SPEC §3.4, §3.7). The most specific matching rule applies, then the highest
    amount, then the first in sequence; a company's own rules for a subject replace the shared
    ones. Countermeasures no rule matches need no approval; a compensation no rule matches is
    approved by the department manager."""

    _name = "complaint.approval.rule"
    _inherit = ["complaint.criteria.mixin"]
    _description = "Complaint Approval Rule"
    _order = "subject, sequence, id"

    subject = fields.Selection(
        [("countermeasure", "Countermeasures and Disposal"), ("compensation", "Compensations")],
        string="Approval Of",
        required=True,
        default="countermeasure",
    )
    comp_type = fields.Selection(COMPENSATION_TYPES, string="Compensation Type", help="Empty: every type.")
    amount_min = fields.Float(
        string="From Value",
        digits="Product Price",
        help="Compensations worth at least this much, in the company's currency. Zero: any value.",
    )
    step_ids = fields.One2many("complaint.approval.rule.step", "rule_id", string="Approved By", copy=True)
    tiers_display = fields.Char(string="Approvers in Order", compute="_compute_tiers_display")

    @api.depends(*("category_ids", "severity", "level", "partner_ids", "product_categ_ids", "comp_type", "amount_min"))
    def _compute_specificity(self):
        result = super()._compute_specificity()
        for rule in self:
            rule.specificity += bool(rule.comp_type) + bool(rule.amount_min)
        return result

    @api.depends("step_ids.tier", "step_ids.sequence")
    def _compute_tiers_display(self):
        labels = dict(self.env["complaint.approval.rule.step"]._fields["tier"]._description_selection(self.env))
        for rule in self:
            rule.tiers_display = " → ".join(labels[step.tier] for step in rule.step_ids)

    @api.constrains("subject", "comp_type", "amount_min", "step_ids")
    def _check_rule(self):
        for rule in self:
            if rule.subject == "countermeasure" and (rule.comp_type or rule.amount_min):
                raise ValidationError(
                    self.env._("%(rule)s: type and value apply to compensation rules only.", rule=rule.name)
                )
            if rule.amount_min < 0:
                raise ValidationError(self.env._("%(rule)s: the value cannot be negative.", rule=rule.name))
            if not rule.step_ids:
                raise ValidationError(self.env._("%(rule)s: name at least one approver.", rule=rule.name))
            tiers = rule.step_ids.mapped("tier")
            if len(tiers) != len(set(tiers)):
                raise ValidationError(self.env._("%(rule)s: each approver signs once.", rule=rule.name))

    def _tiers(self):
        self.ensure_one()
        return self.step_ids.sorted(lambda s: (s.sequence, s.id)).mapped("tier") or ["department"]

    def _matches_compensation(self, compensation, value):
        return (
            self._matches(compensation.complaint_id)
            and (not self.comp_type or self.comp_type == compensation.comp_type)
            and value >= self.amount_min
        )

    @api.model
    def _ranked(self, subject, companies):
        """{company: rules in the order they are tried}: the company's own rules for the
        subject, or the shared ones when it has none."""
        rules = self.search([("subject", "=", subject), ("company_id", "in", [False, *companies.ids])])
        return own_or_shared(rules.sorted(lambda r: (-r.specificity, -r.amount_min, r.sequence, r.id)), companies)

    @api.model
    def _countermeasure_tiers(self, complaints):
        """{complaint: [tier, ...]}, empty where the countermeasures need no approval."""
        ranked = self._ranked("countermeasure", complaints.company_id)
        result = {}
        for complaint in complaints:
            rule = next((r for r in ranked.get(complaint.company_id, ()) if r._matches(complaint)), None)
            result[complaint] = rule._tiers() if rule else []
        return result

    @api.model
    def _compensation_tiers(self, compensations):
        """{compensation: [tier, ...]}: the department manager where no rule matches."""
        ranked = self._ranked("compensation", compensations.company_id)
        result = {}
        for compensation in compensations:
            value = compensation._company_value()
            rules = ranked.get(compensation.company_id, ())
            rule = next((r for r in rules if r._matches_compensation(compensation, value)), None)
            result[compensation] = rule._tiers() if rule else ["department"]
        return result


class ComplaintApprovalRuleStep(models.Model):
    _name = "complaint.approval.rule.step"
    _description = "Complaint Approval Rule Step"
    _order = "sequence, id"

    rule_id = fields.Many2one("complaint.approval.rule", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    tier = fields.Selection(APPROVAL_TIERS, string="Approver", required=True)

    @api.constrains("tier", "rule_id")
    def _check_rule(self):
        self.rule_id._check_rule()

    @api.ondelete(at_uninstall=False)
    def _unlink_keeps_an_approver(self):
        for rule in self.rule_id:  # deleting a rule takes its steps in SQL, without this check
            if not (rule.step_ids - self):
                raise ValidationError(self.env._("%(rule)s: name at least one approver.", rule=rule.name))
