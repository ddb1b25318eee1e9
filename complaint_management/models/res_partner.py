from odoo import fields, models
from odoo.tools.sql import create_index

from .customer_complaint import COMPLAINT_USER_GROUP as COMPLAINT_GROUP


class ResPartner(models.Model):
    _inherit = "res.partner"

    complaint_count = fields.Integer(compute="_compute_complaint_count", groups=COMPLAINT_GROUP)
    complaint_vip = fields.Boolean(
        string="VIP for Complaints",
        groups=COMPLAINT_GROUP,
        help="Its complaints have their call recording reviewed before they end (001-BANK).",
    )

    def _auto_init(self):
        """A customer typed in a search (the complaints' default search, every customer field)
        is matched on these columns with ILIKE '%…%': a trigram index lets PostgreSQL combine
        them instead of reading every partner (bench/screens_bench.py). Like Odoo's own trigram
        indexes, only where the database has pg_trgm."""
        result = super()._auto_init()
        if self.env.registry.has_trigram:
            columns = ("complete_name", "email", "ref", "vat", "company_registry")
            create_index(
                self.env.cr,
                "res_partner__complaint_name_search_index",
                self._table,
                [f"{column} gin_trgm_ops" for column in columns],
                method="gin",
            )
        return result

    def _compute_complaint_count(self):
        """Complaints of the partner's commercial entity, its contacts included."""
        counts = dict(
            self.env["customer.complaint"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.complaint_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_complaints(self):
        self.ensure_one()
        return self.env["customer.complaint"]._complaints_action(
            [("commercial_partner_id", "=", self.commercial_partner_id.id)], {"default_partner_id": self.id}
        )
