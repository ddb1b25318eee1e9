from odoo import models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    def _prepare_picking_default_values_based_on(self, picking):
        """Complaint returns are received into the warehouse's quarantine location."""
        vals = super()._prepare_picking_default_values_based_on(picking)
        location_id = self.env.context.get("complaint_return_location_id")
        if location_id:
            vals["location_dest_id"] = location_id
        return vals
