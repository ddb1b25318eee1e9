"""Warranty and claim window (004-ELEC: one year; 004-FRUIT: 7 days with proof of purchase),
from the shipping date of the complained line; approval rules use it (free repair in warranty,
paid repair out of it); production traceability on the line, kept as written without
manufacturing."""

from datetime import datetime

from odoo import Command

from .common import ComplaintCase

SHIPPED = datetime(2025, 1, 10, 8, 0)


class TestWarranty(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        Category = cls.env["product.category"]
        cls.electronics = Category.create({"name": "Electronics", "complaint_warranty_months": 12})
        cls.kettles = Category.create({"name": "Kettles", "parent_id": cls.electronics.id})
        cls.fruit = Category.create({"name": "Fruit", "complaint_claim_days": 7, "complaint_claim_proof": True})
        cls.product.categ_id = cls.kettles
        cls.product_2.categ_id = cls.fruit
        cls.order = cls._create_order([(cls.product, 2), (cls.product_2, 10)])
        cls._deliver(cls.order)
        cls.order.picking_ids.move_ids.write({"date": SHIPPED})  # shipped on a fixed day

    def _complaint(self, received, product):
        move = self.order.picking_ids.move_ids.filtered(lambda m: m.product_id == product)
        return self._create_complaint(
            date_received=received,
            sale_order_id=self.order.id,
            line_ids=[Command.create({"product_id": product.id, "move_id": move.id, "quantity": 1})],
        )

    def test_warranty_counts_from_the_shipping_date_with_the_parent_categorys_terms(self):
        within = self._complaint(datetime(2025, 12, 20, 9, 0), self.product)
        self.assertEqual(within.line_ids.date_shipped, SHIPPED.date())
        self.assertEqual((within.line_ids.warranty_status, within.warranty_status), ("in_warranty", "in_warranty"))
        late = self._complaint(datetime(2026, 2, 1, 9, 0), self.product)
        self.assertEqual(late.warranty_status, "out_of_warranty")
        self.electronics.complaint_warranty_months = 24
        self.assertEqual(late.warranty_status, "in_warranty", "the terms are read again when they change")

    def test_the_claim_window_and_the_least_favourable_line(self):
        fresh = self._complaint(datetime(2025, 1, 15, 9, 0), self.product_2)
        self.assertEqual(fresh.warranty_status, "in_warranty")
        stale = self._complaint(datetime(2025, 1, 20, 9, 0), self.product_2)
        self.assertEqual(stale.warranty_status, "outside_claim_window")
        move = self.order.picking_ids.move_ids.filtered(lambda m: m.product_id == self.product)
        stale.line_ids = [Command.create({"product_id": self.product.id, "move_id": move.id, "quantity": 1})]
        self.assertEqual(stale.line_ids.mapped("warranty_status"), ["outside_claim_window", "in_warranty"])
        self.assertEqual(stale.warranty_status, "outside_claim_window")
        unknown = self._create_complaint(line_ids=[Command.create({"product_id": self.product.id, "quantity": 1})])
        self.assertFalse(unknown.warranty_status, "no shipment, no verdict")

    def test_approval_rules_tell_free_from_paid_repair(self):
        self.company.complaint_gm_user_id = self.manager
        self.env["complaint.approval.rule"].create(
            {
                "name": "Paid repair out of warranty",
                "subject": "compensation",
                "comp_type": "repair",
                "warranty_status": "out_of_warranty",
                "company_id": self.company.id,
                "step_ids": [Command.create({"tier": "general_manager"})],
            }
        )
        complaints = {
            "in": self._complaint(datetime(2025, 12, 20, 9, 0), self.product),
            "out": self._complaint(datetime(2026, 2, 1, 9, 0), self.product),
        }
        for complaint in complaints.values():
            complaint.action_register()
        Compensation = self.env["complaint.compensation"]
        tiers = {
            key: Compensation.create(
                {"complaint_id": complaint.id, "comp_type": "repair", "description": "Repair the lid"}
            ).tiers_display
            for key, complaint in complaints.items()
        }
        self.assertEqual(tiers, {"in": "Department Manager", "out": "General Manager"})

    def test_production_details_written_by_hand_are_kept(self):
        complaint = self._complaint(datetime(2025, 12, 20, 9, 0), self.product)
        line = complaint.line_ids
        line.write(
            {
                "production_date": "2024-12-20",
                "production_unit": "Line 3",
                "production_shift": "Night",
                "production_operator": "Li Wei",
            }
        )
        self.env.add_to_compute(line._fields["production_date"], line)  # read again: no manufacturing here
        line.flush_recordset()
        line.invalidate_recordset()
        self.assertEqual(
            (str(line.production_date), line.production_unit, line.production_shift, line.production_operator),
            ("2024-12-20", "Line 3", "Night", "Li Wei"),
        )
