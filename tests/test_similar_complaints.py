from odoo.addons.complaint_management.models.similarity import similarity_keys
from odoo.exceptions import AccessError
from odoo.service.model import call_kw

from .common import ComplaintCase


class TestSimilarComplaints(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        Category = cls.env["complaint.category"]
        cls.cat_boiler = Category.create({"name": "Boiler Leaks"})
        cls.cat_packaging = Category.create({"name": "Damaged Packaging"})
        closed = cls.env.ref("complaint_management.stage_closed")

        def past(description, category, department, action=None, **vals):
            complaint = cls._create_complaint(
                description=f"<p>{description}</p>",
                category_id=category.id,
                department_id=department.id,
                root_cause="焊缝气孔",
                **vals,
            )
            if action:  # what was done then, verified effective
                done = cls.env["complaint.corrective.action"].create(
                    {
                        "name": action,
                        "complaint_ids": [(6, 0, complaint.ids)],
                        "user_id": cls.qa_user.id,
                        "date_planned": "2026-03-10",
                    }
                )
                cls.env.cr.execute(
                    "UPDATE complaint_corrective_action SET state = 'effective' WHERE id = %s", [done.id]
                )
            complaint._step_write({"stage_id": closed.id})
            return complaint

        # created first: only the boost of its product ranks it above the other
        cls.leak_same_product = past(
            "锅炉底部漏水，压力表读数异常，需要维修",
            cls.cat_boiler,
            cls.dept_quality,
            line_ids=[(0, 0, {"product_id": cls.product_2.id, "quantity": 1})],
        )
        cls.leak = past(
            "锅炉底部漏水，压力表读数异常，需要维修",
            cls.cat_boiler,
            cls.dept_quality,
            action="Weld inspection by X-ray",
        )
        cls.packaging = past("外箱压坏，包装破损严重", cls.cat_packaging, cls.dept_logistics)
        cls.still_open = cls._create_complaint(description="<p>锅炉底部漏水，压力表读数异常</p>")
        cls.other_company = cls.env["customer.complaint"].create(
            cls._complaint_vals(
                company_id=cls.company_b.id,
                partner_id=False,
                description="<p>锅炉底部漏水，压力表读数异常，需要维修</p>",
            )
        )
        cls.other_company._step_write({"stage_id": closed.id})
        cls.new = cls._create_complaint(
            description="<p>新装的锅炉底部漏水，压力表读数不正常</p>",
            line_ids=[(0, 0, {"product_id": cls.product_2.id, "quantity": 1})],
        )

    def test_chinese_text_is_compared_by_character_pairs(self):
        self.assertEqual(similarity_keys("锅炉漏水"), similarity_keys("<p>锅炉漏水</p>"))
        self.assertEqual(len(similarity_keys("锅炉漏水")), 3, "锅炉, 炉漏, 漏水")
        self.assertFalse(set(similarity_keys("锅炉漏水")) & set(similarity_keys("包装破损")))

    def test_most_similar_closed_complaints_first_boosted_by_product(self):
        similar = self.new.with_user(self.qa_user).similar_complaint_ids
        self.assertEqual(similar[:2].ids, [self.leak_same_product.id, self.leak.id], "same product first")
        self.assertNotIn(self.packaging, similar, "nothing in common")
        self.assertNotIn(self.still_open, similar, "only closed complaints teach")
        self.assertNotIn(self.other_company, similar, "only the company's own")

    def test_suggests_the_category_and_department_of_similar_complaints(self):
        new = self.new.with_user(self.qa_user)
        self.assertEqual(new.suggested_category_id, self.cat_boiler)
        self.assertEqual(new.suggested_department_id, self.dept_quality)
        call_kw(new, "action_accept_suggested_category", [new.ids], {})
        self.assertEqual(self.new.category_id, self.cat_boiler)
        self.assertFalse(new.suggested_category_id, "once taken it is no longer a suggestion")

    def test_past_complaints_shown_with_cause_and_actions(self):
        self.env.invalidate_all()
        past = self.new.with_user(self.qa_user).similar_complaint_ids.filtered(lambda c: c == self.leak)
        self.assertEqual(past.root_cause, "焊缝气孔")
        self.assertEqual(past.actions_outcome, "Weld inspection by X-ray (Verified Effective)")

    def test_keys_follow_the_description(self):
        new = self.new.with_user(self.qa_user)
        self.assertIn(self.leak, new.similar_complaint_ids)
        new.write({"subject": "外箱压坏", "description": "<p>外箱压坏，包装破损</p>"})
        self.assertNotIn(self.leak, new.similar_complaint_ids)
        self.assertIn(self.packaging, new.similar_complaint_ids)
        self.assertEqual(new.suggested_category_id, self.cat_packaging)

    def test_users_other_than_qa_are_refused(self):
        new = self.new.with_user(self.sales_user)
        spec = {"similar_complaint_ids": {"fields": {"name": {}}}}
        with self.assertRaises(AccessError):
            call_kw(new, "web_read", [new.ids], {"specification": spec, "context": {}})
        for method in ("action_accept_suggested_category", "action_accept_suggested_department"):
            with self.assertRaises(AccessError):
                call_kw(new, method, [new.ids], {"context": {}})
        self.assertFalse(self.new.category_id)

    def test_lookup_is_one_query(self):
        new = self.new.with_user(self.qa_user)
        new._similar_scores()  # the complaint and the access rules read once
        with self.assertQueryCount(__system__=1):
            self.assertTrue(new._similar_scores())

    def test_form_reads_them_over_rpc_for_qa_only(self):
        spec = {
            "similar_complaint_ids": {"fields": {"name": {}, "root_cause": {}, "actions_outcome": {}}},
            "suggested_category_id": {"fields": {"display_name": {}}},
        }
        new = self.new.with_user(self.qa_user)
        (record,) = call_kw(new, "web_read", [new.ids], {"specification": spec, "context": {}})
        self.assertIn(self.leak.name, [past["name"] for past in record["similar_complaint_ids"]])
        self.assertEqual(record["suggested_category_id"]["display_name"], self.cat_boiler.display_name)
        for user, shown in ((self.qa_user, True), (self.sales_user, False)):
            arch = self.env["customer.complaint"].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
            self.assertEqual('name="similar"' in arch, shown, user.login)
