from odoo import api, fields, models

from .customer_complaint import CHANNELS, SEVERITIES
from .customer_complaint_line import WARRANTY_STATES

CRITERIA = (
    "category_ids",
    "severity",
    "level",
    "partner_ids",
    "product_categ_ids",
    "channel",
    "complexity",
    "country_ids",
    "state_ids",
    "warranty_status",
)


def own_or_shared(records, companies):
    """{company: [records]}: the company's own records, in their order, or the shared ones
    (no company) when it has none. The approval rules and the overdue chain read this way."""
    own, shared = {}, []
    for record in records:
        (own.setdefault(record.company_id, []) if record.company_id else shared).append(record)
    return {company: own.get(company) or shared for company in companies}


class ComplaintCriteriaMixin(models.AbstractModel):
    """Rules that apply to the complaints matching their criteria: the most specific rule
    that matches wins, then the first in sequence. An empty criterion matches anything."""

    _name = "complaint.criteria.mixin"
    _description = "Complaint Matching Criteria"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Leave empty to apply to every company.")
    category_ids = fields.Many2many("complaint.category", string="Categories", help="Sub-categories included.")
    severity = fields.Selection(SEVERITIES)
    level = fields.Selection([("high", "High"), ("low", "Low")])
    partner_ids = fields.Many2many("res.partner", string="Customers", domain=[("is_company", "=", True)])
    product_categ_ids = fields.Many2many("product.category", string="Product Categories")
    channel = fields.Selection(CHANNELS, help="How the complaint came in, e.g. email.")
    complexity = fields.Selection(
        [("simple", "Not Complex"), ("complex", "Complex")], help="Complex: marked so at classification, with a reason."
    )
    country_ids = fields.Many2many("res.country", string="Customer Countries")
    warranty_status = fields.Selection(
        WARRANTY_STATES,
        string="Warranty",
        help="e.g. free repair in warranty, paid repair out of it.",
    )
    state_ids = fields.Many2many(
        "res.country.state", string="Customer Provinces / States", help="e.g. the company's own province (省内)."
    )
    specificity = fields.Integer(compute="_compute_specificity", store=True)

    @api.depends(*CRITERIA)
    def _compute_specificity(self):
        for rule in self:
            rule.specificity = sum(bool(rule[name]) for name in CRITERIA)

    def _matches(self, complaint):
        self.ensure_one()
        if self.company_id and self.company_id != complaint.company_id:
            return False
        path = complaint.category_id.parent_path or ""
        if self.category_ids and not any(path.startswith(c.parent_path) for c in self.category_ids):
            return False
        if self.severity and self.severity != complaint.severity:
            return False
        if self.level and self.level != complaint.level:
            return False
        if self.partner_ids and complaint.commercial_partner_id not in self.partner_ids:
            return False
        if self.channel and self.channel != complaint.channel:
            return False
        if self.complexity and self.complexity != ("complex" if complaint.is_complex else "simple"):
            return False
        if self.warranty_status and self.warranty_status != complaint.warranty_status:
            return False
        customer = complaint.commercial_partner_id
        if self.country_ids and customer.country_id not in self.country_ids:
            return False
        if self.state_ids and customer.state_id not in self.state_ids:
            return False
        path = complaint.product_id.categ_id.parent_path or ""
        return not self.product_categ_ids or any(path.startswith(c.parent_path) for c in self.product_categ_ids)

    @api.model
    def _best_for(self, complaints):
        """{complaint: rule}, with an empty recordset where no rule matches; one search for all."""
        rules = self.search([("company_id", "in", [False, *complaints.company_id.ids])])
        ranked = rules.sorted(lambda r: (-r.specificity, r.sequence, r.id))
        return {c: next((r for r in ranked if r._matches(c)), self.browse()) for c in complaints}
