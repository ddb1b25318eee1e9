"""归档 (000-D 9, issue 14 defect 7(b)): a done complaint is filed for reference. It leaves the
work lists and stays in every statistic and register; only QA files, only done complaints, once;
reopening takes it out of the archive."""

import io
from datetime import date, datetime

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.service.model import call_kw

from .common import ComplaintCase


class TestFiling(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls._complaint_until("action_reply", date_received=datetime(2025, 6, 2, 9))
        cls.env["customer.complaint.transition"].create(
            {
                "complaint_ids": [(6, 0, cls.complaint.ids)],
                "transition": "close",
                "confirmation_method": "call",
                "date_confirmation": date(2025, 6, 20),
            }
        ).action_apply()

    def _file(self, user, complaints=None):
        complaints = complaints or self.complaint
        return call_kw(complaints.with_user(user), "action_file", [complaints.ids], {})

    def _counted(self):
        Report = self.env["customer.complaint.report"].with_user(self.qa_user)
        return Report.search_count([("complaint_id", "=", self.complaint.id)])

    def test_qa_files_a_closed_complaint_and_statistics_keep_it(self):
        self.assertEqual(self._counted(), 1)
        self.cr.flush()  # Odoo tracks records from the transaction after the one that created them
        self._file(self.qa_user)
        self.assertFalse(self.complaint.active, "off the work lists")
        self.assertTrue(self.complaint.date_filed)
        self.assertEqual(self.complaint.filed_by_id, self.qa_user)
        self.assertNotIn(self.complaint, self.env["customer.complaint"].search([]))
        self.env.flush_all()
        self.assertEqual(self._counted(), 1, "a filed complaint still counts")
        _name, content = self.env(user=self.qa_user)["complaint.xlsx"].build(
            "register", date(2025, 6, 1), date(2025, 6, 30), self.company.ids
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        names = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
        self.assertIn(self.complaint.name, names, "and is listed in the register")
        self.cr.flush()  # tracking values are written just before commit
        self.complaint.invalidate_recordset(["message_ids"])
        tracked = self.complaint.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "date_filed")
        self.assertTrue(tracked, "filing is tracked")

    def test_only_qa_files_only_done_complaints_once(self):
        with self.assertRaises(AccessError):
            self._file(self.sales_user)
        self.assertTrue(self.complaint.active)
        open_one = self._complaint_until("action_register")
        with self.assertRaises(UserError):
            self._file(self.qa_user, open_one)
        self.assertTrue(open_one.active)
        self._file(self.qa_user)
        with self.assertRaises(UserError):
            self._file(self.qa_user, self.complaint.with_context(active_test=False))

    def test_filing_fields_are_not_written_over_rpc(self):
        for vals in ({"date_filed": "2025-07-01 00:00:00"}, {"filed_by_id": self.qa_user.id}):
            with self.assertRaises(UserError):
                call_kw(self.complaint.with_user(self.qa_user), "write", [self.complaint.ids, vals], {})
        self.assertFalse(self.complaint.date_filed)

    def test_reopening_takes_it_out_of_the_archive(self):
        self._file(self.qa_user)
        complaint = self.complaint.with_context(active_test=False)
        self._transition(complaint, "reopen", reason="The customer calls again: the lid still leaks.")
        self.assertEqual(complaint.state, "investigating")
        self.assertTrue(complaint.active)
        self.assertFalse(complaint.date_filed)
