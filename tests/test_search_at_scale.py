"""Searches that stay fast at a million complaints (bench/screens_bench.py): the default search
(number, subject or customer) finds the same complaints, with the customer's condition written
so that PostgreSQL can combine the three indexes; the deadlines calendar opens on the user's own
complaints."""

from lxml import etree

from odoo.service.model import call_kw
from odoo.tools.safe_eval import safe_eval

from .common import ComplaintCase


class TestSearchAtScale(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner.name = "上海华东贸易有限公司"
        cls.by_customer = cls._create_complaint(subject="壶盖关不上")
        cls.other = cls._create_complaint(partner_id=cls.other_partner.id, subject="Leaking valve")
        cls.by_customer.action_register()
        cls.other.action_register()

    def _default_search(self, text, user=None):
        """The search view's default field, typed ``text``, called over RPC as ``user``."""
        arch = etree.fromstring(self.env.ref("complaint_management.customer_complaint_view_search").arch)
        filter_domain = arch.xpath("//field[@name='name']")[0].get("filter_domain")
        domain = safe_eval(filter_domain, {"self": text})
        Complaint = self.env["customer.complaint"].with_user(user or self.qa_user)
        return Complaint.browse(call_kw(Complaint, "search", [domain], {}))

    def test_default_search_by_number_subject_and_customer(self):
        self.assertEqual(self._default_search(self.by_customer.name), self.by_customer)
        self.assertEqual(self._default_search("壶盖"), self.by_customer)
        self.assertEqual(self._default_search("华东贸易"), self.by_customer)
        self.assertEqual(self._default_search("Another Customer"), self.other)
        self.assertFalse(self._default_search("nothing like this"))

    def test_customer_condition_is_an_array_the_indexes_can_use(self):
        """``partner_id = ANY(ARRAY(…))``, not ``IN (…)``: inside an OR, PostgreSQL filters
        every complaint for ``IN (subquery)``; the array lets it use the customer index."""
        Complaint = self.env["customer.complaint"].with_user(self.qa_user)
        query = Complaint._search(["|", ("name", "ilike", "x"), ("partner_id", "ilike", "华东")])
        code = query.select().code
        self.assertIn('"partner_id" = ANY(ARRAY(SELECT', code)
        # the customers are searched with the user's rights: a customer of another company is
        # not matched for a user who cannot read it
        self.other_partner.company_id = self.company_b
        self.assertFalse(self._default_search("Another Customer"))
        self.assertEqual(self._default_search("Another Customer", user=self.env.ref("base.user_root")), self.other)

    def test_customers_searched_by_name_through_a_trigram_index(self):
        """Created where the database has pg_trgm, like Odoo's own trigram indexes; none (and
        no failure) where it has not."""
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'res_partner__complaint_name_search_index'"
        )
        row = self.env.cr.fetchone()
        self.assertEqual(bool(row), self.env.registry.has_trigram)
        for column in ("complete_name", "email", "ref", "vat", "company_registry") if row else ():
            self.assertIn(f"{column} gin_trgm_ops", row[0])

    def test_deadlines_calendar_opens_on_my_running_deadlines(self):
        action = self.env.ref("complaint_management.complaint_deadline_action")
        context = safe_eval(action.context)
        self.assertEqual(context, {"search_default_pending": 1, "search_default_mine": 1})
        arch = etree.fromstring(self.env.ref("complaint_management.complaint_deadline_view_search").arch)
        mine = safe_eval(arch.xpath("//filter[@name='mine']")[0].get("domain"), {"uid": self.qa_user.id})
        self.other.user_id = self.qa_user
        self.assertEqual(set(self.other.deadline_ids.mapped("user_id")), {self.qa_user}, "the handler follows")
        Deadline = self.env["complaint.deadline"].with_user(self.qa_user)
        found = Deadline.browse(call_kw(Deadline, "search", [[*mine, ("date_reached", "=", False)]], {}))
        self.assertTrue(found)
        self.assertEqual(found.complaint_id, self.other)
