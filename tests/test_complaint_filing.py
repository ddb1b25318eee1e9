from odoo.exceptions import ValidationError
from odoo.tests import Form

from .common import ComplaintCase


class TestComplaintFiling(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot_product = cls.env["product.product"].create(
            {"name": "Lot Kettle", "type": "consu", "is_storable": True, "tracking": "lot"}
        )
        cls.lot_a, cls.lot_b = cls.env["stock.lot"].create(
            [{"name": "LOT-A", "product_id": cls.lot_product.id}, {"name": "LOT-B", "product_id": cls.lot_product.id}]
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.lot_product, cls.stock_location, 6, lot_id=cls.lot_a)
        Quant._update_available_quantity(cls.lot_product, cls.stock_location, 4, lot_id=cls.lot_b)
        cls.order = cls._create_order([(cls.lot_product, 10), (cls.product, 3), (cls.product_2, 5)])
        cls.picking = cls._deliver(cls.order, lots={cls.lot_product: [(cls.lot_a, 6), (cls.lot_b, 4)]})

    def _file_from_order(self, order, user=None):
        action = order.with_user(user or self.sales_user).action_file_complaint()
        self.assertEqual(action["res_model"], "customer.complaint")
        return Form(self.env["customer.complaint"].with_user(user or self.sales_user).with_context(**action["context"]))

    def test_file_prefills_customer_order_rep_and_delivered_lots(self):
        form = self._file_from_order(self.order)
        self.assertEqual(form.partner_id, self.partner)
        self.assertEqual(form.sale_order_id, self.order)
        self.assertEqual(form.salesperson_id, self.sales_user)
        self.assertEqual(form.channel, "sales_visit")
        self.assertEqual(form.contact_name, "Customer Ltd")
        summary = []
        for index in range(len(form.line_ids)):
            with form.line_ids.edit(index) as line:
                summary.append((line.product_id.name, line.lot_id.sudo().name or "", line.qty_delivered))
        self.assertEqual(
            sorted(summary),
            [("Kettle", "", 3.0), ("Lot Kettle", "LOT-A", 6.0), ("Lot Kettle", "LOT-B", 4.0), ("Tile", "", 5.0)],
        )
        # nothing is complained about until the rep says so (like Odoo's return wizard)
        self.assertEqual({form.line_ids._records[i]["quantity"] for i in range(len(form.line_ids))}, {0.0})
        form.complain_all = True
        quantities = sorted(form.line_ids._records[i]["quantity"] for i in range(len(form.line_ids)))
        self.assertEqual(quantities, [3.0, 4.0, 5.0, 6.0])
        form.description = "<p>Two kettles of LOT-B leak.</p>"
        complaint = form.save()
        self.assertEqual(len(complaint.line_ids), 4)
        self.assertEqual(complaint.picking_ids, self.picking)
        self.assertEqual(complaint.lot_ids, self.lot_a | self.lot_b)
        self.assertTrue(all(line.move_id.picking_id == self.picking for line in complaint.line_ids))
        self.assertEqual(complaint.product_id, complaint.line_ids[0].product_id)

    def test_keep_only_the_lines_concerned(self):
        form = self._file_from_order(self.order)
        for index in reversed(range(len(form.line_ids))):
            with form.line_ids.edit(index) as line:
                keep = line.lot_id == self.lot_b
            if not keep:
                form.line_ids.remove(index)
        with form.line_ids.edit(0) as line:
            line.quantity = 2
        form.description = "<p>Two leak.</p>"
        complaint = form.save()
        self.assertEqual(complaint.line_ids.lot_id, self.lot_b)
        self.assertEqual(complaint.line_ids.quantity, 2)
        self.assertEqual(complaint.product_id, self.lot_product)

    def test_cannot_claim_more_than_delivered(self):
        complaint = self._create_complaint(sale_order_id=self.order.id)
        move = self.picking.move_ids.filtered(lambda m: m.product_id == self.product)
        with self.assertRaises(ValidationError):
            complaint.write(
                {
                    "line_ids": [
                        (0, 0, {"product_id": self.product.id, "move_id": move.id, "qty_delivered": 3, "quantity": 4})
                    ]
                }
            )
        self.assertFalse(complaint.line_ids)
        with self.assertRaises(ValidationError):
            complaint.write({"line_ids": [(0, 0, {"product_id": self.product.id, "quantity": -1})]})
        complaint.write({"line_ids": [(0, 0, {"product_id": self.product.id, "quantity": 0})]})
        self.assertFalse(complaint.line_ids, "a line left at 0 is not part of the complaint")

    def test_undelivered_order_lines_are_offered(self):
        order = self._create_order([(self.product, 7)])
        form = self._file_from_order(order)
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.product_id, self.product)
            self.assertFalse(line.move_id)
            self.assertEqual(line.quantity, 0)
        form.complain_all = True
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.quantity, 7)

    def test_smart_buttons_count_complaints(self):
        complaint = self._file_from_order(self.order)
        complaint.complain_all = True
        complaint.description = "<p>x</p>"
        complaint = complaint.save()
        self._create_complaint(partner_id=self.partner_contact.id)
        self._create_complaint(partner_id=self.other_partner.id)
        self.assertEqual(self.order.with_user(self.sales_user).complaint_count, 1)
        self.assertEqual(self.picking.with_user(self.sales_user).complaint_count, 1)
        # The company and its contacts share their complaints.
        self.assertEqual(self.partner.complaint_count, 2)
        self.assertEqual(self.partner_contact.complaint_count, 2)
        action = self.partner_contact.action_view_complaints()
        self.assertEqual(self.env["customer.complaint"].search_count(action["domain"]), 2)
        action = self.picking.action_view_complaints()
        self.assertEqual(self.env["customer.complaint"].search(action["domain"]), complaint)
        self.assertEqual(complaint.action_view_sale_order()["res_id"], self.order.id)

    def test_filing_from_twenty_line_order_query_count(self):
        products = self.env["product.product"].create([{"name": f"Part {i}", "type": "consu"} for i in range(20)])
        order = self._create_order([(p, 2) for p in products])
        self._deliver(order)
        Complaint = self.env["customer.complaint"].with_user(self.sales_user)
        # Warm the caches of what does not depend on the order (views, access rules, sequence).
        warm = Form(Complaint.with_context(default_sale_order_id=order.id))
        warm.complain_all = True
        warm.save()
        self.env.invalidate_all()
        # Measured: 97 queries for the prefill, the statusbar, the deadline policy, the automation rules, the
        # delivery checks and the save, the same with 5 lines as with 20; a per-line query would
        # add 20 and fail this bound.
        with self.assertQueryCount(__system__=97):
            form = Form(Complaint.with_context(default_sale_order_id=order.id))
            form.complain_all = True
            form.description = "<p>All parts rusty.</p>"
            complaint = form.save()
        self.assertEqual(len(complaint.line_ids), 20)
        self.assertEqual(set(complaint.line_ids.mapped("qty_delivered")), {2.0})
