from odoo import api, fields, models

from .complaint_stage import OPEN_STATES


class ProductCategory(models.Model):
    """Warranty period and claim window of a product category (004-ELEC: one year; 004-FRUIT:
    7 days with proof of purchase), inherited by its sub-categories unless they set their own."""

    _inherit = "product.category"

    complaint_warranty_months = fields.Integer(
        string="Warranty (months)", help="From the delivery of the product; 0: taken from the parent category."
    )
    complaint_claim_days = fields.Integer(
        string="Claim Window (days)",
        help="Days after delivery within which a complaint is accepted; 0: taken from the parent category.",
    )
    complaint_claim_proof = fields.Boolean(
        string="Proof of Purchase Needed", help="A claim within the window needs the proof of purchase."
    )

    _warranty_positive = models.Constraint(
        "CHECK(complaint_warranty_months >= 0 AND complaint_claim_days >= 0)",
        "Warranty and claim window cannot be negative.",
    )

    def write(self, vals):
        result = super().write(vals)
        if {"complaint_warranty_months", "complaint_claim_days", "parent_id"} & set(vals):
            # open complaints are judged again by the new terms; closed ones keep their verdict
            Line = self.env["customer.complaint.line"].sudo()
            lines = Line.search(
                [("product_id.categ_id", "child_of", self.ids), ("complaint_id.state", "in", OPEN_STATES)]
            )
            lines.modified(["date_shipped"])  # what depends on it: their verdict, their complaint's
        return result

    @api.model
    def _complaint_terms(self, categories):
        """{category: (warranty months, claim days, proof)}: each value from the category or its
        nearest parent that sets it. The parents are read with the categories, in one search."""
        ids = {int(i) for c in categories for i in (c.parent_path or "").split("/") if i}
        by_id = {c.id: c for c in self.sudo().browse(ids)}
        terms = {}
        for category in categories:
            chain = [by_id[int(i)] for i in reversed((category.parent_path or "").split("/")) if i]
            months = next((c.complaint_warranty_months for c in chain if c.complaint_warranty_months), 0)
            days = next((c.complaint_claim_days for c in chain if c.complaint_claim_days), 0)
            proof = next((c.complaint_claim_proof for c in chain if c.complaint_claim_days), False)
            terms[category] = (months, days, proof)
        return terms
