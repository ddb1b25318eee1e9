from odoo.exceptions import AccessError

from .common import ComplaintCase


class TestComplaintRouting(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["complaint.routing.rule"]
        cls.Rule.search([]).active = False  # only this test's rules
        cls.qa_2 = cls.qa_user.copy({"login": "cm_qa2", "name": "QA 2"})
        cls.dept_quality.write({"member_ids": [(6, 0, (cls.qa_user | cls.qa_2).ids)], "default_user_id": cls.qa_2.id})
        cls.delivery = cls.env["complaint.category"].create({"name": "Delivery"})
        cls.late = cls.env["complaint.category"].create({"name": "Late", "parent_id": cls.delivery.id})
        cls.rule_quality = cls.Rule.create(
            {"name": "Quality", "category_ids": [(6, 0, cls.category.ids)], "department_id": cls.dept_quality.id}
        )
        cls.rule_delivery = cls.Rule.create(
            {
                "name": "Delivery",
                "category_ids": [(6, 0, cls.delivery.ids)],
                "department_id": cls.dept_logistics.id,
                "user_id": cls.other_user.id,
                "qa_user_id": cls.qa_user.id,
            }
        )

    def _complaint(self, **vals):
        return self._create_complaint(**{"severity": "general", **vals})

    def test_rule_sets_department_handler_and_qa_and_says_so(self):
        complaint = self._complaint(category_id=self.late.id)
        complaint._action_route()
        self.assertEqual(complaint.department_id, self.dept_logistics)
        self.assertEqual(complaint.user_id, self.other_user)
        self.assertEqual(complaint.qa_user_id, self.qa_user)
        self.assertEqual(complaint.routing_rule_id, self.rule_delivery)
        self.assertIn("Delivery", complaint.message_ids[0].body)
        self.assertIn("Other Department User", complaint.message_ids[0].body)

    def test_handler_is_the_least_loaded_member(self):
        for _ in range(2):
            self._complaint(user_id=self.qa_2.id)
        self._complaint(user_id=self.qa_user.id)
        first, second, third = (self._complaint(category_id=self.category.id) for _ in range(3))
        (first | second | third)._action_route()
        # qa_user had 1 open complaint and qa_2 had 2: qa_user gets one (2 - 2),
        # then the tie goes to the default handler, qa_2.
        self.assertEqual(first.user_id, self.qa_user)
        self.assertEqual(second.user_id, self.qa_2)
        self.assertEqual(third.user_id, self.qa_user)

    def test_most_specific_rule_wins(self):
        major_quality = self.Rule.create(
            {
                "name": "Major quality",
                "sequence": 99,
                "category_ids": [(6, 0, self.category.ids)],
                "severity": "major",
                "department_id": self.dept_sales.id,
            }
        )
        general = self._complaint(category_id=self.category.id)
        major = self._complaint(category_id=self.category.id, severity="major")
        (general | major)._action_route()
        self.assertEqual(general.routing_rule_id, self.rule_quality)
        self.assertEqual(major.routing_rule_id, major_quality)
        self.assertEqual(major.department_id, self.dept_sales)

    def test_no_matching_rule_leaves_it_alone_with_a_note(self):
        complaint = self._complaint(department_id=self.dept_sales.id)
        complaint._action_route()
        self.assertEqual(complaint.department_id, self.dept_sales)
        self.assertFalse(complaint.routing_rule_id)
        self.assertIn("route it by hand", complaint.message_ids[0].body)

    def test_registration_routes_through_the_automation_rule(self):
        complaint = self._complaint(category_id=self.late.id)
        self.assertFalse(complaint.department_id)
        complaint.action_register()
        self.assertEqual(complaint.department_id, self.dept_logistics)
        self.assertEqual(complaint.user_id, self.other_user)
        # A second write in registered does not route again.
        complaint.write({"department_id": self.dept_sales.id})
        complaint.stage_id = self.env["complaint.stage"].create({"name": "Registered bis", "state": "registered"})
        self.assertEqual(complaint.department_id, self.dept_sales)

    def test_administrator_can_switch_the_automation_off(self):
        automation = self.env.ref("complaint_management.automation_route_on_registration")
        automation.active = False
        # Switching a rule re-installs the automation hooks of the whole registry, which the test's
        # rollback does not undo: switch it back on before the rollback.
        self.addCleanup(automation.write, {"active": True})
        complaint = self._complaint(category_id=self.late.id)
        complaint.action_register()
        self.assertFalse(complaint.department_id)

    def test_server_action_routes_from_the_list(self):
        action = self.env.ref("complaint_management.action_route_complaint")
        self.assertEqual(action.binding_model_id.model, "customer.complaint")
        complaints = self._complaint(category_id=self.late.id) | self._complaint(category_id=self.category.id)
        action.with_user(self.qa_user).with_context(active_model="customer.complaint", active_ids=complaints.ids).run()
        self.assertEqual(complaints.department_id, self.dept_logistics | self.dept_quality)

    def test_rerouting_is_tracked(self):
        complaint = self._complaint(category_id=self.category.id)
        complaint._action_route()
        self.cr.flush()
        complaint.category_id = self.late
        complaint._action_route()
        self.cr.flush()
        complaint.invalidate_recordset(["message_ids"])
        changes = complaint.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "department_id")
        self.assertEqual(changes.old_value_char, self.dept_quality.name)
        self.assertEqual(changes.new_value_char, self.dept_logistics.name)

    def test_only_managers_edit_rules(self):
        with self.assertRaises(AccessError):
            self.rule_quality.with_user(self.qa_user).write({"sequence": 1})
        self.rule_quality.with_user(self.manager).write({"sequence": 1})
