from collections import defaultdict

from odoo import fields, models
from odoo.fields import Domain
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
    # as a supplier at fault (000 责任单位): its complaints against what it delivered
    supplier_complaint_count = fields.Integer(
        string="Complaints at Fault", compute="_compute_supplier_complaints", groups=COMPLAINT_GROUP
    )
    supplier_complained_qty = fields.Float(
        string="Quantity Complained About", compute="_compute_supplier_complaints", groups=COMPLAINT_GROUP
    )
    supplier_received_qty = fields.Float(
        string="Quantity Received", compute="_compute_supplier_complaints", groups=COMPLAINT_GROUP
    )
    supplier_complaint_ppm = fields.Float(
        string="Complaint Rate (PPM)",
        compute="_compute_supplier_complaints",
        groups=COMPLAINT_GROUP,
        help="Quantity complained about in the complaints this supplier is at fault for, per million units "
        "received from it.",
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

    def _compute_supplier_complaints(self):
        """Counted for the commercial entity, in three grouped queries whatever the number of
        partners: the complaints and their quantities as the user may read them, the receipts
        of the user's companies (the quantity in the product's unit)."""
        suppliers = self.commercial_partner_id
        at_fault = Domain("supplier_id", "in", suppliers.ids)
        counts = dict(self.env["customer.complaint"]._read_group(at_fault, ["supplier_id"], ["__count"]))
        complained = dict(
            self.env["customer.complaint.line"]._read_group(
                Domain("complaint_id", "any", at_fault), ["complaint_id.supplier_id"], ["quantity:sum"]
            )
        )
        received = defaultdict(float)
        for partner, quantity in (
            self.env["stock.move"]
            .sudo()
            ._read_group(
                [
                    ("state", "=", "done"),
                    ("location_id.usage", "=", "supplier"),
                    ("company_id", "in", self.env.companies.ids),
                    ("picking_id.partner_id.commercial_partner_id", "in", suppliers.ids),
                ],
                ["picking_id.partner_id"],
                ["product_qty:sum"],
            )
        ):
            received[partner.commercial_partner_id.id] += quantity
        for partner in self:
            supplier = partner.commercial_partner_id
            partner.supplier_complaint_count = counts.get(supplier, 0)
            partner.supplier_complained_qty = complained.get(supplier, 0.0)
            partner.supplier_received_qty = received[supplier.id]
            partner.supplier_complaint_ppm = (
                partner.supplier_complained_qty / partner.supplier_received_qty * 1e6
                if partner.supplier_received_qty
                else 0.0
            )

    def action_view_supplier_complaints(self):
        self.ensure_one()
        return self.env["customer.complaint"]._complaints_action(
            [("supplier_id", "=", self.commercial_partner_id.id)], {}
        )

    def action_view_complaints(self):
        self.ensure_one()
        return self.env["customer.complaint"]._complaints_action(
            [("commercial_partner_id", "=", self.commercial_partner_id.id)], {"default_partner_id": self.id}
        )
