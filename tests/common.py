"""Shared fixtures for the complaint_management tests (run with pytest-odoo).

The tests live outside the addon, so Odoo cannot derive their module and tags from
``odoo.addons.<module>``: the base classes here say it. Everything the tests need is
created here; nothing comes from demo data.
"""

from datetime import date, datetime

from odoo.tests import Form, new_test_user
from odoo.tests.common import HttpCase, TransactionCase

MODULE = "complaint_management"
USER_GROUPS = "base.group_user,sales_team.group_sale_salesman,complaint_management.group_complaint_user"
TAGS = {"standard", "post_install", MODULE}
WORKFLOW_STEPS = (
    "action_register",
    "action_investigate",
    "action_set_valid",
    "action_plan_actions",
    "action_verify",
    "action_reply",
)


def load_chinese(env):
    """Simplified Chinese active, with the addon's translations loaded."""
    env["res.lang"]._activate_lang("zh_CN")
    env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"], overwrite=True)


class OrderHelpers:
    """Confirmed and delivered sales orders, for transaction and browser tests alike."""

    @classmethod
    def _create_order(cls, lines, partner=None, user=None):
        """A confirmed sales order; ``lines`` is a list of (product, quantity); the customer and
        the salesperson default to the case's ``partner`` and ``sales_user``."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.partner).id,
                "user_id": (user or cls.sales_user).id,
                "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": q}) for p, q in lines],
            }
        )
        order.action_confirm()
        return order

    @classmethod
    def _deliver(cls, order, lots=None):
        """Validate the order's delivery; ``lots`` maps a product to [(lot, quantity), …]."""
        picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        picking.action_assign()
        for move in picking.move_ids:
            if lots and move.product_id in lots:
                move.move_line_ids.unlink()
                move.move_line_ids = [
                    (0, 0, {"lot_id": lot.id, "quantity": qty, "product_id": move.product_id.id})
                    for lot, qty in lots[move.product_id]
                ]
            else:
                move.quantity = move.product_uom_qty
            move.picked = True
        picking.with_context(skip_sms=True).button_validate()
        return picking


class ComplaintCase(OrderHelpers, TransactionCase):
    test_module = MODULE
    test_tags = TAGS

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company_b = cls.env["res.company"].create(
            {"name": "Complaint Co. B", "currency_id": cls.company.currency_id.id}
        )
        user_groups = "base.group_user,sales_team.group_sale_salesman,complaint_management.group_complaint_user"
        cls.sales_user = new_test_user(cls.env, "cm_sales", groups=user_groups, name="Sales Rep")
        cls.other_user = new_test_user(cls.env, "cm_other", groups=user_groups, name="Other Department User")
        cls.qa_user = new_test_user(cls.env, "cm_qa", groups="complaint_management.group_complaint_qa", name="QA")
        cls.manager = new_test_user(
            cls.env, "cm_manager", groups="complaint_management.group_complaint_manager", name="Manager"
        )
        cls.warehouse_user = new_test_user(cls.env, "cm_wh", groups="stock.group_stock_user", name="Warehouse")
        cls.qa_user_b = new_test_user(
            cls.env,
            "cm_qa_b",
            groups="complaint_management.group_complaint_qa",
            name="QA B",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        Department = cls.env["complaint.department"]
        cls.dept_quality = Department.create({"name": "Quality", "member_ids": [(6, 0, cls.qa_user.ids)]})
        cls.dept_sales = Department.create({"name": "Sales Dept", "member_ids": [(6, 0, cls.sales_user.ids)]})
        cls.dept_logistics = Department.create({"name": "Logistics", "member_ids": [(6, 0, cls.other_user.ids)]})
        cls.category = cls.env["complaint.category"].create({"name": "Quality Test Category"})
        cls.partner = cls.env["res.partner"].create({"name": "Customer Ltd", "email": "buyer@customer.example"})
        cls.partner_contact = cls.env["res.partner"].create(
            {"name": "Buyer Zhang", "parent_id": cls.partner.id, "phone": "+86 21 5555 0101"}
        )
        cls.other_partner = cls.env["res.partner"].create({"name": "Another Customer"})
        cls.product = cls.env["product.product"].create({"name": "Kettle", "type": "consu", "list_price": 100.0})
        cls.product_2 = cls.env["product.product"].create({"name": "Tile", "type": "consu", "list_price": 10.0})
        cls.stock_location = cls.env.ref("stock.stock_location_stock")

    # ------------------------------------------------------------------ helpers
    @classmethod
    def _name_approvers(cls):
        """The people the approval rules and the overdue chain name: the Quality department's
        manager (``dept_head``), the general manager, the QA manager, and the leader of the
        sales rep's team (``supervisor``)."""
        cls.dept_head = cls.other_user
        cls.dept_quality.manager_id = cls.dept_head
        cls.gm = new_test_user(cls.env, "cm_gm", groups=USER_GROUPS, name="General Manager")
        cls.qa_manager = new_test_user(cls.env, "cm_qa_mgr", groups=USER_GROUPS, name="QA Manager")
        cls.supervisor = new_test_user(cls.env, "cm_supervisor", groups=USER_GROUPS, name="Sales Supervisor")
        cls.company.write({"complaint_gm_user_id": cls.gm.id, "complaint_qa_manager_id": cls.qa_manager.id})
        cls.team = cls.env["crm.team"].create(
            {"name": "East China", "user_id": cls.supervisor.id, "member_ids": [(6, 0, cls.sales_user.ids)]}
        )

    @classmethod
    def _complaint_vals(cls, **vals):
        return {
            "partner_id": cls.partner.id,
            "date_received": datetime(2026, 3, 2, 9, 0),
            "description": "<p>The lid does not close.</p>",
            "root_cause_category": "method",
            "root_cause": "The assembly instruction omits the hinge check.",
            **vals,
        }

    @classmethod
    def _use_shanghai_calendar(cls):
        """The company works Monday to Friday 8-12 and 13-17, Shanghai time."""
        cls.calendar = cls.env["resource.calendar"].create({"name": "Shanghai office", "tz": "Asia/Shanghai"})
        cls.company.resource_calendar_id = cls.calendar

    @classmethod
    def _create_complaint(cls, **vals):
        return cls.env["customer.complaint"].create(cls._complaint_vals(**vals))

    @classmethod
    def _complaint_until(cls, last_step, **vals):
        """A complaint taken by the workflow buttons up to ``last_step`` (e.g. "action_verify");
        category and severity default to the shared test ones."""
        complaint = cls._create_complaint(**{"category_id": cls.category.id, "severity": "general", **vals})
        for step in WORKFLOW_STEPS[: WORKFLOW_STEPS.index(last_step) + 1]:
            getattr(complaint, step)()
        return complaint

    def _corrective_action(self, complaints, **vals):
        """A corrective action of ``complaints``, owned by QA."""
        return self.env["complaint.corrective.action"].create(
            {
                "name": "Torque check at assembly",
                "complaint_ids": [(6, 0, complaints.ids)],
                "user_id": self.qa_user.id,
                "date_planned": date(2026, 3, 10),
                **vals,
            }
        )

    def _transition(self, complaints, step, **values):
        """Run a step through its dialog, as a user does."""
        action = complaints.with_context(complaint_step=step).action_open_transition()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save().action_apply()


class ComplaintHttpCase(OrderHelpers, HttpCase):
    test_module = MODULE
    test_tags = TAGS
