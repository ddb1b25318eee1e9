from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    complaint_return_id = fields.Many2one("complaint.return", index="btree_not_null", readonly=True, check_company=True)


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    complaint_return_id = fields.Many2one("complaint.return", index="btree_not_null", readonly=True, check_company=True)
