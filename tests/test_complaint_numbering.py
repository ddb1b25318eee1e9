from datetime import datetime

from psycopg2 import IntegrityError

from odoo.tools import mute_logger

from .common import ComplaintCase


class TestComplaintNumbering(ComplaintCase):
    def test_numbers_follow_per_company_and_year(self):
        a1 = self._create_complaint()
        a2 = self._create_complaint()
        b1 = self.env["customer.complaint"].create(
            self._complaint_vals(company_id=self.company_b.id, partner_id=self.other_partner.id)
        )
        self.assertRegex(a1.name, r"^CC2026-\d{5}$")
        self.assertEqual(int(a2.name[-5:]), int(a1.name[-5:]) + 1)
        # The other company has its own counter, starting at 1.
        self.assertEqual(b1.name, "CC2026-00001")
        next_year = self._create_complaint(date_received=datetime(2027, 1, 4, 8, 0))
        self.assertEqual(next_year.name, "CC2027-00001")

    def test_batch_creation_numbers_each_complaint(self):
        complaints = self.env["customer.complaint"].create([self._complaint_vals() for _ in range(3)])
        self.assertEqual(len(set(complaints.mapped("name"))), 3)
        self.assertNotIn("/", complaints.mapped("name"))

    def test_copy_gets_a_new_number_and_starts_new(self):
        complaint = self._create_complaint(category_id=self.category.id, severity="minor")
        complaint.action_register()
        duplicate = complaint.copy()
        self.assertNotEqual(duplicate.name, complaint.name)
        self.assertEqual(duplicate.state, "new")

    def test_numbers_are_unique_within_a_company(self):
        first = self._create_complaint()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self._create_complaint(name=first.name)
        other = self.env["customer.complaint"].create(
            self._complaint_vals(name=first.name, company_id=self.company_b.id, partner_id=self.other_partner.id)
        )
        self.assertEqual(other.name, first.name)
