"""Escalation routes by flag (issue 14, item 4): who is told at once when a complaint is
flagged — injury to the general manager as shipped, media to a department of the company's."""

from odoo.exceptions import AccessError, UserError
from odoo.service.model import call_kw

from .common import ComplaintCase

COMPLAINT_USERS = "complaint_management.group_complaint_user"


class TestEscalationRoutes(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_gm_user_id = cls.manager
        cls.pr_head = cls.env["res.users"].create(
            {"name": "PR Head", "login": "cm_pr", "group_ids": [(6, 0, cls.env.ref(COMPLAINT_USERS).ids)]}
        )
        cls.dept_pr = cls.env["complaint.department"].create({"name": "Public Relations", "manager_id": cls.pr_head.id})
        cls.Route = cls.env["complaint.escalation.route"]
        cls.media_route = cls.Route.create({"flag": "is_media", "department_id": cls.dept_pr.id})

    def _todos(self, complaint, user):
        return complaint.activity_ids.filtered(lambda a: a.user_id == user)

    def test_injury_reaches_the_general_manager_at_registration(self):
        shipped = self.env.ref("complaint_management.escalation_route_injury_gm")
        Complaint = self.env["customer.complaint"].with_user(self.sales_user)
        complaint = Complaint.create(self._complaint_vals(is_injury=True))
        self.assertFalse(self._todos(complaint, self.manager), "not before registration")
        call_kw(complaint.with_user(self.sales_user), "action_register", [complaint.ids], {})
        todo = self._todos(complaint, self.manager)
        self.assertEqual(len(todo), 1)
        self.assertIn("Personal Injury", todo.summary)
        self.assertIn(self.manager.partner_id, complaint.message_partner_ids, "the general manager follows")
        self.assertEqual(complaint.escalation_route_ids, shipped)
        complaint.write({"is_injury": True, "is_media": False})  # taken once per complaint
        self.assertEqual(len(self._todos(complaint, self.manager)), 1)

    def test_without_a_general_manager_the_injury_route_waits(self):
        self.company.complaint_gm_user_id = False
        complaint = self._complaint_until("action_register", is_injury=True)
        self.assertFalse(complaint.escalation_route_ids, "nobody to tell: not taken")
        self.company.complaint_gm_user_id = self.manager
        complaint.is_injury = True
        self.assertEqual(len(self._todos(complaint, self.manager)), 1)

    def test_a_flag_set_later_escalates_at_once_over_rpc(self):
        complaint = self._complaint_until("action_register")
        self.assertFalse(self._todos(complaint, self.pr_head))
        call_kw(complaint.with_user(self.qa_user), "write", [complaint.ids, {"is_media": True}], {})
        self.assertEqual(len(self._todos(complaint, self.pr_head)), 1, "the department's manager is told")
        self.assertIn(self.media_route, complaint.escalation_route_ids)

    def test_routes_of_another_company_and_of_other_flags_are_not_taken(self):
        self.Route.create({"flag": "is_media", "user_id": self.other_user.id, "company_id": self.company_b.id})
        complaint = self._complaint_until("action_register", is_fraud=True)
        self.assertFalse(complaint.escalation_route_ids)
        complaint.is_media = True
        self.assertEqual(complaint.escalation_route_ids, self.media_route)
        self.assertFalse(self._todos(complaint, self.other_user))

    def test_the_malls_flags_have_routes_too(self):
        route = self.Route.create({"flag": "is_warning_brand", "user_id": self.qa_user.id})
        complaint = self._complaint_until("action_register", is_warning_brand=True)
        self.assertEqual(complaint.level, "high")
        self.assertEqual(complaint.escalation_route_ids, route)
        self.assertEqual(len(self._todos(complaint, self.qa_user)), 1)
        self.assertIn("is_hot_spot", dict(self.Route._fields["flag"]._description_selection(self.env)))

    def test_routes_are_configured_by_managers_and_never_forged(self):
        with self.assertRaises(AccessError):
            call_kw(
                self.Route.with_user(self.qa_user), "create", [{"flag": "is_fraud", "user_id": self.qa_user.id}], {}
            )
        complaint = self._complaint_until("action_register")
        with self.assertRaises(UserError):
            call_kw(
                complaint.with_user(self.qa_user),
                "write",
                [complaint.ids, {"escalation_route_ids": [(4, self.media_route.id)]}],
                {},
            )
        with self.assertRaises(UserError):
            self.Route.create({"flag": "is_fraud"})  # tells nobody
        with self.assertRaises(UserError):  # told on a complaint they could not open
            self.Route.create({"flag": "is_fraud", "user_id": self.warehouse_user.id})

    def test_a_company_sees_only_its_own_routes(self):
        other = self.Route.create({"flag": "is_media", "user_id": self.qa_user_b.id, "company_id": self.company_b.id})
        Route = self.Route.with_user(self.manager)
        found = Route.browse(call_kw(Route, "search", [[("flag", "=", "is_media")]], {}))
        self.assertEqual(found, self.media_route)
        with self.assertRaises(AccessError):
            call_kw(Route, "read", [other.ids, ["flag"]], {})
