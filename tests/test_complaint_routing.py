from odoo.exceptions import AccessError
from odoo.service.model import call_kw

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

    def test_registration_routes_the_batch_as_the_sales_rep(self):
        """Registering routes at once, whoever registers (a sales rep is not QA): the members
        of the department share the batch by load, each complaint says how it was routed."""
        as_sales_rep = self.env["customer.complaint"].with_user(self.sales_user)
        complaints = as_sales_rep.create([self._complaint_vals(category_id=self.category.id) for _ in range(4)])
        late = as_sales_rep.create(self._complaint_vals(category_id=self.late.id))
        (complaints | late).with_user(self.sales_user).action_register()
        self.assertEqual(late.department_id, self.dept_logistics)
        self.assertEqual(late.user_id, self.other_user)
        self.assertEqual(set(complaints.mapped("department_id")), {self.dept_quality})
        handled = [c.user_id for c in complaints]
        self.assertEqual(handled.count(self.qa_user), 2, "the load is shared within the batch")
        self.assertEqual(handled.count(self.qa_2), 2)
        for complaint in complaints | late:
            self.assertEqual(len(complaint.message_ids.filtered(lambda m: "Routed by the rule" in (m.body or ""))), 1)
        # A second write in registered does not route again.
        late.write({"department_id": self.dept_sales.id})
        late.stage_id = self.env["complaint.stage"].create({"name": "Registered bis", "state": "registered"})
        self.assertEqual(late.department_id, self.dept_sales)

    def test_company_can_switch_routing_on_registration_off(self):
        # only who may change the company's settings switches it, over RPC too
        for user in (self.sales_user, self.qa_user, self.manager):
            with self.assertRaises(AccessError):
                call_kw(
                    self.company.with_user(user),
                    "write",
                    [self.company.ids, {"complaint_route_on_register": False}],
                    {},
                )
        self.assertTrue(self.company.complaint_route_on_register)
        settings = self.env["res.config.settings"].with_user(self.env.ref("base.user_admin")).create({})
        self.assertTrue(settings.complaint_route_on_register)
        settings.complaint_route_on_register = False
        settings.execute()
        complaint = self._complaint(category_id=self.late.id)
        complaint.action_register()
        self.assertFalse(complaint.department_id)
        self.assertFalse(complaint.routing_rule_id)
        # QA still routes by hand
        complaint.with_user(self.qa_user)._action_route()
        self.assertEqual(complaint.department_id, self.dept_logistics)

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
