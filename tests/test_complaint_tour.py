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
