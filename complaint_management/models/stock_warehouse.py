from odoo import api, fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    complaint_quarantine_location_id = fields.Many2one(
        "stock.location",
        string="Quarantine Location",
        check_company=True,
        help="Returned goods are received here and stay here until QA releases them.",
    )
    complaint_return_user_id = fields.Many2one(
        "res.users",
        string="Receives Complaint Returns",
        domain=[("share", "=", False)],
        help="Told at once, with a to-do on the receipt, when a return notice brings goods back to this "
        "warehouse (000-D (二)2). Empty: the warehouse's stock managers.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        warehouses = super().create(vals_list)
        warehouses._complaint_quarantine_location()
        return warehouses

    def _complaint_quarantine_location(self):
        """The warehouse's quarantine location (隔离区), created the first time it is needed."""
        missing = self.filtered(lambda w: not w.complaint_quarantine_location_id)
        if missing:
            locations = self.env["stock.location"].create(
                [
                    {
                        "name": self.env._("Quarantine"),
                        "location_id": warehouse.view_location_id.id,
                        "usage": "internal",
                        "company_id": warehouse.company_id.id,
                    }
                    for warehouse in missing
                ]
            )
            for warehouse, location in zip(missing, locations, strict=True):
                warehouse.complaint_quarantine_location_id = location
        return self.complaint_quarantine_location_id
