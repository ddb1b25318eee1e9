"""Each role lands where it works, and configuration records are found by their names in the
user's language (UX review: typing 质量 or 环保 in the category field found nothing)."""

from .common import ComplaintCase, load_chinese


class TestChineseSearch(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)

    def test_categories_by_their_chinese_names_and_paths(self):
        Category = self.env["complaint.category"].with_context(lang="zh_CN").with_user(self.qa_user)
        found = Category.name_search("环保指标")
        names = [name for _id, name in found]
        self.assertIn(
            self.env.ref("complaint_management.complaint_category_env_out_of_spec").id, [i for i, _n in found]
        )
        self.assertTrue(all("环保" in name for name in names), names)
        # a sub-category is found by its parent's Chinese name too
        children = Category.search([("display_name", "ilike", "环保")])
        self.assertIn(self.env.ref("complaint_management.complaint_category_env_out_of_spec"), children)
        self.assertFalse(Category.name_search("Environmental Out"), "English is not the Chinese user's language")

    def test_departments_and_stages_by_their_chinese_names(self):
        department = self.env["complaint.department"].create({"name": "Logistics Dept"})
        department.with_context(lang="zh_CN").name = "物流部"
        Department = self.env["complaint.department"].with_context(lang="zh_CN")
        self.assertIn(department.id, [i for i, _n in Department.name_search("物流")])
        Stage = self.env["complaint.stage"].with_context(lang="zh_CN")
        registered = self.env["complaint.stage"]._stage_for_state("registered")
        chinese = registered.with_context(lang="zh_CN").name
        self.assertIn(registered.id, [i for i, _n in Stage.name_search(chinese[:2])])

    def test_each_role_lands_where_it_works(self):
        landing = self.env.ref("complaint_management.action_complaints_landing")
        self.assertEqual(landing.path, "complaints")  # /odoo/complaints opens the app
        self.assertEqual(self.env.ref("complaint_management.complaint_menu_root").action, landing)
        rep = landing.with_user(self.sales_user).run()
        self.assertEqual(rep["views"][0][1], "list")
        self.assertEqual(rep["context"], {"search_default_my": 1, "search_default_open": 1})
        qa = landing.with_user(self.qa_user).run()
        self.assertEqual(qa["views"][0][1], "kanban")

    def test_texts_are_composed_in_the_readers_language(self):
        """No English in Chinese screens: the level's reason and an escalation's to-do are
        written in the reader's language, not in the language of whoever computed them."""
        self.dept_quality.manager_id = self.manager
        self.manager.lang = "zh_CN"
        complaint = self._complaint_until("action_register", is_injury=True, department_id=self.dept_quality.id)
        self.assertEqual(complaint.with_context(lang="zh_CN").level_reason, "人身伤害")
        self.assertEqual(complaint.with_context(lang="en_US").level_reason, "Personal Injury")
        complaint._escalate("high_level", {}, False)
        todo = complaint.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertIn("已升级：", todo.summary)
        self.assertIn("人身伤害", str(todo.note))

    def test_to_dos_are_written_in_their_recipients_language(self):
        self.sales_user.lang = "zh_CN"
        complaint = self._complaint_until("action_investigate", salesperson_id=self.sales_user.id)
        complaint._action_mark_invalid("Not our product")
        todo = complaint.activity_ids.filtered(lambda a: a.user_id == self.sales_user)
        self.assertTrue(todo.summary)
        self.assertFalse(any("a" <= ch.lower() <= "z" for ch in todo.summary), todo.summary)
