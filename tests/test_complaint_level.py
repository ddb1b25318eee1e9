from odoo.addons.complaint_management.models.customer_complaint import SEVERITY_COLORS

from .common import ComplaintCase


class TestComplaintLevel(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_level_amount = 50000
        cls.foreign = cls.env["res.currency"].create({"name": "XCM", "symbol": "X", "rounding": 0.01})
        # 1 company-currency unit = 2 XCM on the day of receipt.
        cls.env["res.currency.rate"].create(
            {"currency_id": cls.foreign.id, "name": "2026-03-01", "rate": 2.0, "company_id": cls.company.id}
        )

    def test_amount_threshold(self):
        below = self._create_complaint(claimed_amount=49999.99)
        at = self._create_complaint(claimed_amount=50000)
        self.assertEqual(below.level, "low")
        self.assertEqual(at.level, "high")
        self.assertIn("50", at.level_reason)

    def test_amount_in_foreign_currency_is_converted(self):
        low = self._create_complaint(claimed_amount=99000, currency_id=self.foreign.id)
        high = self._create_complaint(claimed_amount=100000, currency_id=self.foreign.id)
        self.assertEqual(low.level, "low")
        self.assertEqual(high.level, "high")

    def test_changing_the_company_threshold_recomputes(self):
        complaint = self._create_complaint(claimed_amount=20000)
        self.assertEqual(complaint.level, "low")
        self.company.complaint_level_amount = 10000
        self.assertEqual(complaint.level, "high")

    def test_each_flag_makes_high_level(self):
        flags = ("is_injury", "is_environmental", "is_group", "is_media", "is_fraud", "is_litigation")
        for flag in (*flags, "is_warning_brand", "is_hot_spot"):  # the last two: 001-MALL
            with self.subTest(flag=flag):
                complaint = self._create_complaint(**{flag: True})
                self.assertEqual(complaint.level, "high")
                self.assertTrue(complaint.level_reason)
                complaint[flag] = False
                self.assertEqual(complaint.level, "low")
                self.assertFalse(complaint.level_reason)

    def test_high_level_category(self):
        injury = self.env["complaint.category"].create({"name": "Injury", "is_high_level": True})
        complaint = self._create_complaint(category_id=self.category.id)
        self.assertEqual(complaint.level, "low")
        complaint.category_id = injury
        self.assertEqual(complaint.level, "high")
        self.assertIn("Injury", complaint.level_reason)

    def test_manual_override_wins_both_ways(self):
        complaint = self._create_complaint(is_media=True)
        complaint.write({"level_override": "low", "level_override_reason": "Local blog, no reach"})
        self.assertEqual(complaint.level, "low")
        complaint.write({"level_override": False})
        self.assertEqual(complaint.level, "high")
        plain = self._create_complaint()
        plain.write({"level_override": "high", "level_override_reason": "Strategic customer"})
        self.assertEqual(plain.level, "high")

    def test_shipped_categories_mark_injury_high_level(self):
        injury = self.env.ref("complaint_management.complaint_category_injury")
        self.assertTrue(injury.is_high_level)
        self.assertEqual(self._create_complaint(category_id=injury.id).level, "high")

    def test_kanban_colour_follows_the_severity(self):
        complaint = self._create_complaint(severity="minor")
        minor = complaint.color
        complaint.severity = "critical"
        self.assertNotEqual(complaint.color, minor)
        self.assertEqual(complaint.color, SEVERITY_COLORS["critical"])
