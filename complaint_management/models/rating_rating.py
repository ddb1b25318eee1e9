from odoo import api, fields, models
from odoo.exceptions import AccessError


class RatingRating(models.Model):
    """The complaint a satisfaction rating belongs to, so that record rules give complaint
    ratings (customer feedback, tokens) to the complaint's users only."""

    _inherit = "rating.rating"

    complaint_id = fields.Many2one(
        "customer.complaint", compute="_compute_complaint_id", store=True, index="btree_not_null"
    )

    def write(self, vals):
        if not self.env.su:
            if "complaint_id" in vals:
                raise AccessError(self.env._("A rating belongs to the record it was asked for."))
            if self.filtered(lambda r: r.complaint_id and r.consumed):
                raise AccessError(self.env._("The customer's answer to a satisfaction survey is kept as given."))
        result = super().write(vals)
        if {"res_model_id", "res_model", "res_id"} & set(vals) and not self.env.su:
            # the record rules hold for the rating as it is now, not only as it was: a rating
            # moved onto a complaint is the complaint's
            self.check_access("write")
        return result

    @api.depends("res_model", "res_id")
    def _compute_complaint_id(self):
        for rating in self:
            is_complaint = rating.res_model == "customer.complaint" and rating.res_id
            rating.complaint_id = rating.res_id if is_complaint else False
