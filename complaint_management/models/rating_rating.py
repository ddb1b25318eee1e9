from odoo import api, fields, models


class RatingRating(models.Model):
    """The complaint a satisfaction rating belongs to, so that record rules give complaint
    ratings (customer feedback, tokens) to the complaint's users only."""

    _inherit = "rating.rating"

    complaint_id = fields.Many2one(
        "customer.complaint", compute="_compute_complaint_id", store=True, index="btree_not_null"
    )

    @api.depends("res_model", "res_id")
    def _compute_complaint_id(self):
        for rating in self:
            is_complaint = rating.res_model == "customer.complaint" and rating.res_id
            rating.complaint_id = rating.res_id if is_complaint else False
