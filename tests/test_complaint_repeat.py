from datetime import datetime

from .common import ComplaintCase


class TestComplaintRepeat(ComplaintCase):
    def _on_product(self, when, product=None, partner=None, **vals):
        return self._create_complaint(
            date_received=when,
            partner_id=(partner or self.partner).id,
            line_ids=[(0, 0, {"product_id": (product or self.product).id, "quantity": 1})],
            **vals,
        )

    def test_same_customer_same_product_within_window_is_a_repeat(self):
        first = self._on_product(datetime(2026, 1, 10))
        second = self._on_product(datetime(2026, 3, 1))
        self.assertFalse(first.is_repeat)
        self.assertTrue(second.is_repeat)
        self.assertEqual(second.repeat_of_id, first)
        self.assertEqual(first.repeat_ids, second)
        self.assertEqual(first.repeat_count, 1)

    def test_links_the_latest_earlier_complaint(self):
        self._on_product(datetime(2026, 1, 10))
        latest = self._on_product(datetime(2026, 2, 10))
        third = self._on_product(datetime(2026, 3, 1))
        self.assertEqual(third.repeat_of_id, latest)

    def test_a_contact_of_the_same_company_counts(self):
        first = self._on_product(datetime(2026, 2, 1))
        second = self._on_product(datetime(2026, 2, 20), partner=self.partner_contact)
        self.assertEqual(second.repeat_of_id, first)

    def test_outside_window_other_product_or_customer_is_not(self):
        self._on_product(datetime(2025, 11, 1))  # 120 days before
        self.assertFalse(self._on_product(datetime(2026, 3, 1)).is_repeat)
        self._on_product(datetime(2026, 4, 1), product=self.product_2, partner=self.other_partner)
        self.assertFalse(self._on_product(datetime(2026, 4, 2), partner=self.other_partner).is_repeat)
        self.assertFalse(self._on_product(datetime(2026, 4, 3), product=self.product_2).is_repeat)

    def test_window_is_a_company_setting(self):
        self.company.complaint_repeat_days = 200
        first = self._on_product(datetime(2025, 11, 1))
        self.assertEqual(self._on_product(datetime(2026, 3, 1)).repeat_of_id, first)

    def test_same_order_is_a_repeat_even_on_another_product(self):
        order = self._create_order([(self.product, 1), (self.product_2, 1)])
        first = self._on_product(datetime(2026, 2, 1), sale_order_id=order.id)
        second = self._on_product(datetime(2026, 2, 3), product=self.product_2, sale_order_id=order.id)
        self.assertEqual(second.repeat_of_id, first)

    def test_detection_sees_complaints_the_user_cannot(self):
        first = self._on_product(datetime(2026, 2, 1), department_id=self.dept_logistics.id)
        Complaint = self.env["customer.complaint"].with_user(self.sales_user)
        self.assertFalse(Complaint.search([("id", "=", first.id)]))
        second = Complaint.create(
            self._complaint_vals(
                date_received=datetime(2026, 2, 5), line_ids=[(0, 0, {"product_id": self.product.id, "quantity": 1})]
            )
        )
        self.assertEqual(second.sudo().repeat_of_id, first)
