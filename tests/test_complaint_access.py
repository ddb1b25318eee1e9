from odoo.exceptions import AccessError, UserError

from .common import ComplaintCase


class TestComplaintAccess(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._create_complaint(salesperson_id=cls.sales_user.id)
        cls.my_department = cls._create_complaint(department_id=cls.dept_sales.id)
        cls.my_order = cls._create_complaint(sale_order_id=cls._create_order([(cls.product, 1)]).id)
        cls.logistics = cls._create_complaint(department_id=cls.dept_logistics.id, contact_phone="+86 10 1234")
        cls.company_b_complaint = cls.env["customer.complaint"].create(
            cls._complaint_vals(company_id=cls.company_b.id, partner_id=cls.other_partner.id)
        )

    def _visible(self, user):
        return self.env["customer.complaint"].with_user(user).search([])

    def test_user_sees_own_department_and_order_complaints_only(self):
        visible = self._visible(self.sales_user)
        self.assertEqual(
            visible & (self.mine | self.my_department | self.my_order), self.mine | self.my_department | self.my_order
        )
        self.assertNotIn(self.logistics, visible)
        self.assertNotIn(self.company_b_complaint, visible)

    def test_user_of_another_department_is_refused(self):
        with self.assertRaises(AccessError):
            self.logistics.with_user(self.sales_user).read(["name"])
        with self.assertRaises(AccessError):
            self.logistics.with_user(self.sales_user).write({"severity": "minor"})
        self.assertIn(self.logistics, self._visible(self.other_user))
        self.assertNotIn(self.mine, self._visible(self.other_user))

    def test_user_files_and_works_own_complaint_but_cannot_delete(self):
        complaint = self.env["customer.complaint"].with_user(self.sales_user).create(self._complaint_vals())
        complaint.write({"severity": "general"})
        complaint.action_register()
        self.assertEqual(complaint.state, "registered")
        draft = self.env["customer.complaint"].with_user(self.sales_user).create(self._complaint_vals())
        with self.assertRaises(AccessError):
            draft.unlink()

    def test_qa_sees_all_of_its_companies_only(self):
        visible = self._visible(self.qa_user)
        self.assertTrue((self.mine | self.my_department | self.my_order | self.logistics) <= visible)
        self.assertNotIn(self.company_b_complaint, visible)
        self.assertEqual(self._visible(self.qa_user_b), self.company_b_complaint)
        with self.assertRaises(AccessError):
            self.mine.with_user(self.qa_user_b).read(["name"])

    def test_only_manager_deletes_drafts_and_configures(self):
        draft = self._create_complaint()
        with self.assertRaises(AccessError):
            draft.with_user(self.qa_user).unlink()
        draft.with_user(self.manager).unlink()
        self.assertFalse(draft.exists())
        for model in ("complaint.category", "complaint.department", "complaint.stage"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.qa_user).create({"name": "X"})
        self.env["complaint.category"].with_user(self.manager).create({"name": "Packaging"})

    def test_manager_cannot_delete_a_registered_complaint(self):
        self.mine.action_register()
        with self.assertRaises(UserError):
            self.mine.with_user(self.manager).unlink()

    def test_users_without_complaint_rights_are_refused(self):
        for user in (self.warehouse_user,):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["customer.complaint"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["customer.complaint"].with_user(user).create(self._complaint_vals())
        # Nor do they see the counters on partners and deliveries.
        self.assertNotIn("complaint_count", self.env["res.partner"].with_user(self.warehouse_user).fields_get())

    def test_contact_details_are_private(self):
        self.assertEqual(self.logistics.with_user(self.other_user).contact_phone, "+86 10 1234")
        with self.assertRaises(AccessError):
            self.logistics.with_user(self.warehouse_user).read(["contact_phone"])
        fields = self.env["customer.complaint"].with_user(self.warehouse_user).fields_get()
        self.assertNotIn("contact_phone", fields)

    def test_deadline_targets_follow_their_policys_company(self):
        Policy = self.env["complaint.sla.policy"]
        own = Policy.create({"name": "Own", "target_ids": [(0, 0, {"step": "reply", "duration": 5, "unit": "days"})]})
        other = Policy.create(
            {
                "name": "Other company",
                "company_id": self.company_b.id,
                "target_ids": [(0, 0, {"step": "reply", "duration": 2, "unit": "days"})],
            }
        )
        targets = self.env["complaint.sla.target"].with_user(self.qa_user).search([])
        self.assertIn(own.target_ids, targets)
        self.assertNotIn(other.target_ids, targets)
        self.assertEqual(other.target_ids.company_id, self.company_b)

    def test_department_and_lines_follow_company(self):
        dept_b = self.env["complaint.department"].create({"name": "B Quality", "company_id": self.company_b.id})
        departments = self.env["complaint.department"].with_user(self.qa_user).search([])
        self.assertNotIn(dept_b, departments)
        self.assertIn(self.dept_quality, departments)
        line = self.env["customer.complaint.line"].create(
            {"complaint_id": self.company_b_complaint.id, "product_id": self.product.id, "quantity": 1}
        )
        with self.assertRaises(AccessError):
            line.with_user(self.qa_user).read(["quantity"])
        hidden = self.env["customer.complaint.line"].create(
            {"complaint_id": self.logistics.id, "product_id": self.product.id, "quantity": 1}
        )
        self.assertFalse(
            self.env["customer.complaint.line"].with_user(self.sales_user).search([("id", "=", hidden.id)])
        )

    def test_new_records_refused_without_rights(self):
        """Escalations, make-up days and 5-Why steps: read for handlers, refused otherwise."""
        self.logistics.write({"why_ids": [(0, 0, {"name": "No hinge check"})]})
        self.env["complaint.escalation"].create({"complaint_id": self.logistics.id, "reason": "high_level"})
        for model in ("complaint.escalation", "customer.complaint.why"):
            with self.subTest(model=model):
                self.assertTrue(
                    self.env[model].with_user(self.other_user).search([("complaint_id", "=", self.logistics.id)])
                )
                self.assertFalse(
                    self.env[model].with_user(self.sales_user).search([("complaint_id", "=", self.logistics.id)])
                )
                with self.assertRaises(AccessError):
                    self.env[model].with_user(self.warehouse_user).search([])
        with self.assertRaises(AccessError):
            self.env["complaint.escalation"].with_user(self.qa_user).create(
                {"complaint_id": self.logistics.id, "reason": "no_solution"}
            )
        Makeup = self.env["resource.calendar.makeup.day"]
        day_b = Makeup.create({"name": "B", "date": "2026-10-10", "company_id": self.company_b.id})
        self.assertNotIn(day_b, Makeup.with_user(self.qa_user).search([]))
        with self.assertRaises(AccessError):
            Makeup.with_user(self.qa_user).create({"name": "Mine", "date": "2026-10-11"})
        Makeup.with_user(self.manager).create({"name": "Managers may", "date": "2026-10-11"})

    def test_handled_by_me_follows_the_user_reading_it(self):
        complaint = self._create_complaint(user_id=self.sales_user.id)
        self.assertTrue(complaint.with_user(self.sales_user).is_handled_by_me)
        self.assertFalse(complaint.with_user(self.other_user).sudo().is_handled_by_me)
