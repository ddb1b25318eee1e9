from odoo.tests import new_test_user

from .common import ComplaintHttpCase


class TestComplaintTour(ComplaintHttpCase):
    def test_sales_rep_files_complaint_from_order(self):
        rep = new_test_user(
            self.env,
            "cm_tour_rep",
            groups="base.group_user,sales_team.group_sale_salesman,complaint_management.group_complaint_user",
        )
        product = self.env["product.product"].create({"name": "Tour Kettle", "type": "consu"})
        partner = self.env["res.partner"].create({"name": "Tour Customer"})
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": rep.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 4})],
            }
        )
        order.action_confirm()
        order.picking_ids.move_ids.write({"quantity": 4, "picked": True})
        order.picking_ids.with_context(skip_sms=True).button_validate()

        self.start_tour(f"/odoo/action-sale.action_orders/{order.id}", "complaint_file_from_order", login=rep.login)

        complaint = self.env["customer.complaint"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.state, "registered")
        self.assertEqual(complaint.salesperson_id, rep)
        self.assertEqual(complaint.line_ids.product_id, product)
        self.assertEqual(complaint.line_ids.move_id, order.picking_ids.move_ids)
        self.assertEqual(complaint.line_ids.qty_delivered, 4)
        self.assertIn("does not close", complaint.description)


class TestReturnTour(ComplaintHttpCase):
    def test_warehouse_opens_a_return_and_its_receipt(self):
        self.env["complaint.routing.rule"].search([]).active = False
        warehouse_user = new_test_user(
            self.env, "cm_tour_wh", groups="base.group_user,stock.group_stock_user,stock.group_production_lot"
        )
        product = self.env["product.product"].create({"name": "Tour Boiler", "is_storable": True, "tracking": "lot"})
        lot = self.env["stock.lot"].create({"name": "TOUR-LOT", "product_id": product.id})
        stock = self.env.ref("stock.stock_location_stock")
        self.env["stock.quant"]._update_available_quantity(product, stock, 10, lot_id=lot)
        partner = self.env["res.partner"].create({"name": "Tour Boiler Customer"})
        order = self.env["sale.order"].create(
            {"partner_id": partner.id, "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 4})]}
        )
        order.action_confirm()
        delivery = order.picking_ids
        delivery.action_assign()
        delivery.move_ids.picked = True
        delivery.with_context(skip_sms=True).button_validate()
        complaint = self.env["customer.complaint"].create(
            {"partner_id": partner.id, "sale_order_id": order.id, "description": "<p>Leaks</p>"}
        )
        ret = self.env["complaint.return"].create(
            {
                "sale_order_id": order.id,
                "complaint_id": complaint.id,
                "line_ids": [(0, 0, {"origin_move_id": delivery.move_ids.id, "lot_id": lot.id, "quantity": 2})],
            }
        )
        ret.action_approve()

        self.start_tour(
            "/odoo/action-complaint_management.complaint_return_action",
            "complaint_return_warehouse",
            login=warehouse_user.login,
        )
        self.assertEqual(ret.state, "approved")
