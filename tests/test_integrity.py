"""Server-side integrity: each finding of the security review, tried over the path an RPC
client takes (``odoo.service.model.call_kw``: public methods only, the client's own context),
as the user the review names. Every call must be refused and leave the records unchanged."""

from datetime import date

from odoo.exceptions import UserError
from odoo.service.model import call_kw
from odoo.tests import new_test_user

from .common import ComplaintCase

# AccessError and ValidationError are UserErrors: any refusal the client is shown.
REFUSED = UserError


class IntegrityCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        # a pure complaints user: no sales, no stock rights (review: "cs")
        cls.cs_user = new_test_user(
            cls.env, "cm_cs", groups="base.group_user,complaint_management.group_complaint_user", name="CS"
        )
        cls.dept_quality.manager_id = cls.manager

    def rpc(self, user, model, method, *args, context=None, **kwargs):
        """``execute_kw`` as ``user``: the method must be public, the context is the client's."""
        if context is not None:
            kwargs["context"] = context
        return call_kw(self.env[model].with_user(user), method, list(args), kwargs)

    def assertRefused(self, user, model, method, *args, **kwargs):
        with self.assertRaises(REFUSED) as caught:
            self.rpc(user, model, method, *args, **kwargs)
        return caught.exception

    def _handled(self, last_step="action_plan_actions", **vals):
        """A complaint of the sales rep, taken by the buttons up to ``last_step``."""
        return self._complaint_until(
            last_step,
            salesperson_id=self.sales_user.id,
            department_id=self.dept_quality.id,
            **vals,
        )


class TestComplaintStateMachine(IntegrityCase):
    """H1: no context key authorises a step; ``state`` and stages move only through the steps."""

    def test_context_key_does_not_move_a_complaint(self):
        complaint = self._handled("action_investigate")
        closed = self.env["complaint.stage"]._stage_for_state("closed")
        self.assertRefused(
            self.sales_user,
            "customer.complaint",
            "write",
            complaint.ids,
            {"stage_id": closed.id, "date_closed": "2026-03-10 00:00:00", "confirmation_method": "call"},
            context={"complaint_transition": True},
        )
        self.assertEqual(complaint.state, "investigating")
        self.assertFalse(complaint.date_closed)

    def test_state_column_cannot_be_written(self):
        complaint = self._handled("action_register")
        for user in (self.sales_user, self.qa_user, self.manager):
            self.assertRefused(user, "customer.complaint", "write", complaint.ids, {"state": "closed"})
        self.assertEqual(complaint.state, "registered")

    def test_no_complaint_is_created_past_new(self):
        closed = self.env["complaint.stage"]._stage_for_state("closed")
        vals = {**self._complaint_vals(), "stage_id": closed.id}
        vals["date_received"] = "2026-03-02 09:00:00"
        self.assertRefused(
            self.sales_user, "customer.complaint", "create", vals, context={"complaint_transition": True}
        )
        self.assertRefused(
            self.sales_user, "customer.complaint", "create", {**vals, "stage_id": False, "state": "closed"}
        )
        self.assertRefused(
            self.sales_user, "customer.complaint", "create", {**vals, "stage_id": False, "name": "CC1999-00001"}
        )

    def test_context_defaults_do_not_forge_stamps(self):
        vals = {**self._complaint_vals(), "date_received": "2026-03-02 09:00:00"}
        complaint_id = self.rpc(
            self.sales_user,
            "customer.complaint",
            "create",
            vals,
            context={"default_validity": "valid", "default_date_registered": "2026-03-02 10:00:00"},
        )
        complaint = self.env["customer.complaint"].browse(complaint_id)
        self.assertEqual((complaint.validity, complaint.date_registered), ("pending", False))

    def test_closed_complaint_is_neither_reset_nor_deleted(self):
        complaint = self._closed()
        self.assertRefused(self.manager, "customer.complaint", "write", complaint.ids, {"state": "new"})
        self.assertRefused(self.manager, "customer.complaint", "unlink", complaint.ids)
        self.assertTrue(complaint.exists())
        self.assertEqual(complaint.state, "closed")

    def test_stages_of_the_same_status_stay_free(self):
        """The guard does not over-restrict: kanban drags between stages of one status stay."""
        complaint = self._handled("action_register")
        waiting = self.env["complaint.stage"].create({"name": "Waiting", "state": "registered", "is_waiting": True})
        self.rpc(self.sales_user, "customer.complaint", "write", complaint.ids, {"stage_id": waiting.id})
        self.assertEqual(complaint.stage_id, waiting)
        investigating = self.env["complaint.stage"]._stage_for_state("investigating")
        self.assertRefused(
            self.sales_user, "customer.complaint", "write", complaint.ids, {"stage_id": investigating.id}
        )

    def test_a_user_duplicates_a_complaint_without_its_decisions(self):
        complaint = self._handled("action_investigate", category_id=self.category.id)
        complaint.action_set_valid()
        copy_id = self.rpc(self.sales_user, "customer.complaint", "copy", complaint.ids)[0]
        copy = self.env["customer.complaint"].browse(copy_id)
        self.assertEqual((copy.state, copy.validity, copy.date_registered), ("new", "pending", False))

    def test_steps_check_the_role(self):
        """A sales rep neither investigates nor decides validity; QA is not an approver."""
        complaint = self._handled("action_register", category_id=self.category.id, severity="general")
        for step in ("action_investigate", "action_set_valid"):
            self.assertRefused(self.sales_user, "customer.complaint", step, complaint.ids)
        self.assertEqual((complaint.state, complaint.validity), ("registered", "pending"))
        flags = complaint.with_user(self.sales_user)
        self.assertFalse(flags.can_investigate or flags.can_set_valid or flags.can_mark_invalid)
        self.assertTrue(complaint.with_user(self.qa_user).can_investigate)
        self.rpc(self.qa_user, "customer.complaint", "action_investigate", complaint.ids)
        self.assertEqual(complaint.state, "investigating")

    def _closed(self):
        complaint = self._handled("action_reply")
        complaint._action_close("call", complaint.date_received.date())
        return complaint


class TestStamps(IntegrityCase):
    """H2: the stamps that read-only fields show are written by their steps only."""

    def test_complaint_stamps_are_refused(self):
        complaint = self._handled("action_register", severity="major")
        stamps = {
            "date_registered": "2026-01-01 00:00:00",
            "date_replied": "2026-01-01 00:00:00",
            "date_closed": "2026-01-01 00:00:00",
            "date_paused": "2026-01-01 00:00:00",
            "date_extension": "2099-01-01 00:00:00",
            "date_acknowledged": "2026-01-01 00:00:00",
            "countermeasure_approver_id": self.manager.id,
            "date_countermeasure_approved": "2026-01-01 00:00:00",
            "validity": "valid",
            "satisfaction": "satisfied",
            "confirmation_method": "call",
            "level": "low",
            "is_escalated_high": True,
            "name": "CC1999-00001",
        }
        before = complaint.read(list(stamps))[0]
        for field, value in stamps.items():
            with self.subTest(field=field):
                self.assertRefused(self.sales_user, "customer.complaint", "write", complaint.ids, {field: value})
        self.assertEqual(complaint.read(list(stamps))[0], before)
        self.assertFalse(complaint.deadline_ids.filtered(lambda d: d.date_deadline.year == 2099))

    def test_date_received_is_fixed_after_registration(self):
        complaint = self._handled("action_register")
        self.assertRefused(
            self.sales_user, "customer.complaint", "write", complaint.ids, {"date_received": "2026-01-01 00:00:00"}
        )

    def test_countermeasure_approval_is_not_forged(self):
        complaint = self._handled(severity="major")
        self.env["complaint.corrective.action"].create(
            {
                "name": "Fix",
                "complaint_ids": [(6, 0, complaint.ids)],
                "user_id": self.qa_user.id,
                "date_planned": date(2026, 3, 10),
            }
        )
        self.assertRefused(
            self.sales_user,
            "customer.complaint",
            "write",
            complaint.ids,
            {"countermeasure_approver_id": self.manager.id, "date_countermeasure_approved": "2026-01-01 00:00:00"},
        )
        self.assertRefused(self.qa_user, "customer.complaint", "action_verify", complaint.ids)
        self.assertEqual(complaint.state, "action")


class TestClosing(IntegrityCase):
    """H3 and M5: closing sees what the closer cannot read; ended complaints stay as they are."""

    def test_handler_cannot_close_with_an_action_they_cannot_read(self):
        complaint = self._handled("action_verify", user_id=self.sales_user.id)
        hidden = self.env["complaint.corrective.action"].create(
            {
                "name": "Insulated handle sleeve",
                "complaint_ids": [(6, 0, complaint.ids)],
                "user_id": self.qa_user.id,
                "department_id": self.dept_logistics.id,
                "date_planned": date(2026, 3, 10),
            }
        )
        hidden.action_start()
        hidden.action_done()
        self.rpc(self.sales_user, "customer.complaint", "action_reply", complaint.ids)
        self.env.invalidate_all()  # nothing cached by the superuser's reads
        wizard = self.rpc(
            self.sales_user,
            "customer.complaint.transition",
            "create",
            {
                "complaint_ids": [(6, 0, complaint.ids)],
                "transition": "close",
                "confirmation_method": "call",
                "date_confirmation": "2026-03-10",
            },
        )
        exception = self.assertRefused(self.sales_user, "customer.complaint.transition", "action_apply", [wizard])
        self.assertIn("Insulated handle sleeve", str(exception))
        self.assertEqual(complaint.state, "replied")

    def test_closed_complaint_is_read_only(self):
        complaint = self._handled("action_reply")
        complaint._action_close("call", complaint.date_received.date())
        for vals in ({"description": "<p>rewritten</p>"}, {"claimed_amount": 1.0}, {"severity": "minor"}):
            self.assertRefused(self.sales_user, "customer.complaint", "write", complaint.ids, vals)
        self.assertRefused(
            self.sales_user,
            "customer.complaint.line",
            "create",
            {"complaint_id": complaint.id, "product_id": self.product.id, "quantity": 1},
        )
        self.assertRefused(self.sales_user, "customer.complaint", "action_archive", complaint.ids)
        self.assertTrue(complaint.active)
        self.rpc(self.manager, "customer.complaint", "action_archive", complaint.ids)
        self.assertFalse(complaint.active)

    def test_withdraw_and_provisional_close_wait_for_pending_items(self):
        complaint = self._handled("action_investigate")
        self.env["complaint.compensation"].create(
            {"complaint_id": complaint.id, "comp_type": "gift", "description": "Voucher"}
        )
        for transition, extra in (("withdraw", {"is_voluntary": True}), ("provisional", {"proposed_solution": "x"})):
            wizard = self.rpc(
                self.qa_user,
                "customer.complaint.transition",
                "create",
                {"complaint_ids": [(6, 0, complaint.ids)], "transition": transition, "reason": "x", **extra},
            )
            self.assertRefused(self.qa_user, "customer.complaint.transition", "action_apply", [wizard])
        self.assertEqual(complaint.state, "investigating")


class TestCompensationIntegrity(IntegrityCase):
    """C2 and M4: a compensation is approved by its approvers only, once, and stays as decided."""

    def _compensation(self, complaint, amount=100.0, comp_type="refund", user=None):
        comp_id = self.rpc(
            user or self.sales_user,
            "complaint.compensation",
            "create",
            {"complaint_id": complaint.id, "comp_type": comp_type, "description": "Refund", "amount": amount},
        )
        return self.env["complaint.compensation"].browse(comp_id)

    def test_state_is_not_forged(self):
        complaint = self._handled()
        vals = {"complaint_id": complaint.id, "comp_type": "refund", "description": "x", "amount": 99999}
        self.assertRefused(self.sales_user, "complaint.compensation", "create", {**vals, "state": "approved"})
        comp = self._compensation(complaint)
        self.assertRefused(self.sales_user, "complaint.compensation", "write", comp.ids, {"state": "approved"})
        self.assertEqual(comp.state, "draft")
        comp_ctx = self.rpc(
            self.sales_user, "complaint.compensation", "create", vals, context={"default_state": "approved"}
        )
        self.assertEqual(self.env["complaint.compensation"].browse(comp_ctx).state, "draft")
        self.assertFalse(self.env["complaint.approval"].search([("complaint_id", "=", complaint.id)]))

    def test_decided_compensation_is_not_moved_repriced_or_erased(self):
        complaint = self._handled()
        other = self._handled()
        comp = self._compensation(complaint)
        self.rpc(self.sales_user, "complaint.compensation", "action_submit", comp.ids)
        self.rpc(self.manager, "complaint.compensation", "action_approve", comp.ids)
        self.assertEqual(comp.state, "approved")
        for vals in ({"complaint_id": other.id}, {"amount": 1.0}, {"state": "draft"}, {"currency_id": 1}):
            self.assertRefused(self.sales_user, "complaint.compensation", "write", comp.ids, vals)
        self.assertRefused(self.sales_user, "complaint.compensation", "unlink", comp.ids)
        decision = comp.approval_ids
        self.assertRefused(self.manager, "complaint.approval", "unlink", decision.ids)
        with self.assertRaises(REFUSED):
            decision.unlink()  # not even the server erases a decision
        self.assertEqual((comp.complaint_id, comp.amount, comp.state), (complaint, 100.0, "approved"))
        self.assertEqual(decision.decision, "approved")

    def test_refusal_is_kept(self):
        complaint = self._handled()
        comp = self._compensation(complaint, comp_type="gift")
        self.rpc(self.sales_user, "complaint.compensation", "action_submit", comp.ids)
        comp.with_user(self.manager)._refuse("No")
        self.assertRefused(self.sales_user, "complaint.compensation", "write", comp.ids, {"state": "draft"})
        self.assertRefused(self.sales_user, "complaint.compensation", "unlink", comp.ids)
        self.assertEqual(comp.approval_ids.decision, "refused")

    def test_separation_of_duties(self):
        """M4: the proposer does not approve; one person does not approve both tiers."""
        self.company.complaint_gm_user_id = False
        self.env.ref("complaint_management.approval_rule_compensation_large").amount_min = 1000.0
        second = new_test_user(self.env, "cm_mgr2", groups="complaint_management.group_complaint_manager")
        complaint = self._handled()
        comp = self._compensation(complaint, amount=50000.0, user=self.manager)
        self.rpc(self.manager, "complaint.compensation", "action_submit", comp.ids)
        self.assertRefused(self.manager, "complaint.compensation", "action_approve", comp.ids)
        self.assertFalse(comp.with_user(self.manager).can_approve)
        self.rpc(second, "complaint.compensation", "action_approve", comp.ids)
        self.assertEqual(comp.current_tier, "general_manager")
        self.assertRefused(second, "complaint.compensation", "action_approve", comp.ids)
        self.assertRefused(self.manager, "complaint.compensation", "action_approve", comp.ids)
        self.assertEqual((comp.state, comp.current_tier), ("to_approve", "general_manager"))
        self.assertEqual(len(comp.approval_ids), 1)

    def test_currency_and_department_are_fixed_once_submitted(self):
        complaint = self._handled()
        comp = self._compensation(complaint)
        self.rpc(self.sales_user, "complaint.compensation", "action_submit", comp.ids)
        usd = (
            self.env.ref("base.USD")
            if self.company.currency_id != self.env.ref("base.USD")
            else self.env.ref("base.EUR")
        )
        usd.active = True
        self.assertRefused(self.qa_user, "customer.complaint", "write", complaint.ids, {"currency_id": usd.id})
        self.assertRefused(
            self.qa_user, "customer.complaint", "write", complaint.ids, {"department_id": self.dept_sales.id}
        )
        self.assertEqual(comp.currency_id, self.company.currency_id)

    def test_countermeasures_are_not_approved_by_the_handler(self):
        complaint = self._handled(severity="major", user_id=self.manager.id)
        self.env["complaint.corrective.action"].create(
            {
                "name": "Fix",
                "complaint_ids": [(6, 0, complaint.ids)],
                "user_id": self.qa_user.id,
                "date_planned": date(2026, 3, 10),
            }
        )
        self.assertRefused(self.manager, "customer.complaint", "action_approve_countermeasures", complaint.ids)
        self.assertFalse(complaint.date_countermeasure_approved)


class TestCorrectiveActionIntegrity(IntegrityCase):
    """H2 and M8: an action is verified by QA only, and attached to complaints the user works on."""

    def test_owner_cannot_verify_their_own_action(self):
        complaint = self._handled()
        action_id = self.rpc(
            self.sales_user,
            "complaint.corrective.action",
            "create",
            {
                "name": "x",
                "user_id": self.sales_user.id,
                "date_planned": "2026-03-10",
                "complaint_ids": [(6, 0, complaint.ids)],
            },
        )
        stamps = {
            "state": "effective",
            "verified_by_id": self.qa_user.id,
            "date_verified": "2026-03-10",
            "verification_note": "ok",
        }
        self.assertRefused(self.sales_user, "complaint.corrective.action", "write", [action_id], stamps)
        self.assertRefused(
            self.sales_user,
            "complaint.corrective.action",
            "create",
            {"name": "y", "user_id": self.sales_user.id, "date_planned": "2026-03-10", "state": "effective"},
        )
        self.assertEqual(self.env["complaint.corrective.action"].browse(action_id).state, "draft")

    def test_action_cannot_join_a_complaint_the_user_cannot_write(self):
        foreign = self._complaint_until(
            "action_plan_actions", department_id=self.dept_logistics.id, user_id=self.qa_user.id
        )
        self.assertFalse(self.env["customer.complaint"].with_user(self.sales_user).search([("id", "=", foreign.id)]))
        self._assert_no_action_joins(foreign, "Visit http://evil.example")

    def test_action_cannot_join_a_closed_complaint(self):
        closed = self._handled("action_reply")
        closed._action_close("call", closed.date_received.date())
        self._assert_no_action_joins(closed, "After the fact")

    def _assert_no_action_joins(self, complaint, name):
        vals = {"name": name, "user_id": self.sales_user.id, "date_planned": "2026-03-10"}
        vals["complaint_ids"] = [(6, 0, complaint.ids)]
        self.assertRefused(self.sales_user, "complaint.corrective.action", "create", vals)
        self.assertFalse(complaint.corrective_action_ids)


class TestReturnIntegrity(IntegrityCase):
    """C1, M7, H4, L8: returns move goods through their steps, for their own order only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_manager = new_test_user(cls.env, "cm_sales_mgr", groups="sales_team.group_sale_manager")
        cls.lot_product = cls.env["product.product"].create({"name": "Boiler", "is_storable": True, "tracking": "lot"})
        cls.lot = cls.env["stock.lot"].create({"name": "BL-1", "product_id": cls.lot_product.id})
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.env["stock.quant"]._update_available_quantity(
            cls.lot_product, cls.warehouse.lot_stock_id, 30, lot_id=cls.lot
        )
        cls.order = cls._create_order([(cls.lot_product, 10)])
        cls.order.order_line.price_unit = 120.0
        cls.delivery = cls._deliver(cls.order, lots={cls.lot_product: [(cls.lot, 10)]})
        cls.move = cls.delivery.move_ids
        cls.other_order = cls._create_order([(cls.lot_product, 5)], partner=cls.other_partner)
        cls.other_move = cls._deliver(cls.other_order, lots={cls.lot_product: [(cls.lot, 5)]}).move_ids

    def _return(self, user, quantity=1, move=None, order=None, **vals):
        return self.rpc(
            user,
            "complaint.return",
            "create",
            {
                "sale_order_id": (order or self.order).id,
                "line_ids": [
                    (0, 0, {"origin_move_id": (move or self.move).id, "lot_id": self.lot.id, "quantity": quantity})
                ],
                **vals,
            },
        )

    def _received(self, quantity):
        ret = self.env["complaint.return"].browse(self._return(self.sales_user, quantity))
        ret.with_user(self.sales_manager).action_approve()
        picking = ret.picking_ids
        picking.move_ids.move_line_ids.quantity = quantity
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(ret.state, "received")
        return ret

    def test_move_goods_is_not_forged(self):
        ret_id = self._return(self.sales_user)
        ret = self.env["complaint.return"].browse(ret_id)
        self.assertRefused(self.sales_user, "complaint.return", "write", [ret_id], {"state": "inspected"})
        self.assertRefused(self.warehouse_user, "complaint.return", "write", [ret_id], {"state": "done"})
        self.assertRefused(self.sales_user, "complaint.return.line", "write", ret.line_ids.ids, {"qty_conforming": 500})
        self.assertRefused(self.sales_user, "complaint.return", "action_execute_disposition", [ret_id])
        self.assertEqual((ret.state, ret.line_ids.qty_conforming), ("draft", 0.0))
        self.assertFalse(ret.sudo().move_ids)

    def test_disposition_is_done_by_qa_once_with_inspected_quantities(self):
        ret = self._received(2)
        line = ret.line_ids
        self.assertRefused(self.sales_user, "complaint.return.line", "write", line.ids, {"qty_conforming": 2})
        self.rpc(self.qa_user, "complaint.return.line", "write", line.ids, {"qty_conforming": 2})
        self.rpc(self.qa_user, "complaint.return", "action_inspect", ret.ids)
        self.assertRefused(self.qa_user, "complaint.return.line", "write", line.ids, {"qty_conforming": 500})
        self.assertRefused(self.qa_user, "complaint.return.line", "write", line.ids, {"disposition_done": False})
        self.assertRefused(self.warehouse_user, "complaint.return", "action_execute_disposition", ret.ids)
        self.rpc(self.qa_user, "complaint.return", "action_execute_disposition", ret.ids)
        self.assertRefused(self.qa_user, "complaint.return", "write", ret.ids, {"state": "inspected"})
        self.assertRefused(self.qa_user, "complaint.return", "action_execute_disposition", ret.ids)
        self.assertEqual(sum(ret.sudo().move_ids.mapped("quantity")), 2)

    def test_line_takes_only_a_delivery_of_its_order(self):
        self.assertRefused(
            self.sales_user,
            "complaint.return",
            "create",
            {
                "sale_order_id": self.order.id,
                "line_ids": [(0, 0, {"origin_move_id": self.other_move.id, "lot_id": self.lot.id, "quantity": 1})],
            },
        )
        receipt = self.env["stock.move"].search(
            [("location_dest_id.usage", "=", "internal"), ("state", "=", "done")], limit=1
        )
        if receipt:
            self.assertRefused(
                self.sales_user,
                "complaint.return",
                "create",
                {
                    "sale_order_id": self.order.id,
                    "line_ids": [(0, 0, {"origin_move_id": receipt.id, "quantity": 1})],
                },
            )

    def test_draft_returns_of_others_count(self):
        """Regression: the drafts of other users count (constraints read them as superuser)."""
        self._return(self.other_user, quantity=9)
        self.assertRefused(
            self.sales_user,
            "complaint.return",
            "create",
            {
                "sale_order_id": self.order.id,
                "line_ids": [(0, 0, {"origin_move_id": self.move.id, "lot_id": self.lot.id, "quantity": 2})],
            },
        )

    def test_credit_note_stays_within_the_approved_refund(self):
        invoice = self.order._create_invoices()
        invoice.action_post()
        complaint = self._handled(sale_order_id=self.order.id, user_id=self.sales_user.id)
        comp = self.env["complaint.compensation"].create(
            {"complaint_id": complaint.id, "comp_type": "refund", "description": "Refund", "amount": 600.0}
        )
        comp.action_submit()
        comp.with_user(self.manager).action_approve()
        ret = self.env["complaint.return"].browse(self._return(self.sales_user, 9, complaint_id=complaint.id))
        ret.with_user(self.sales_manager).action_approve()
        ret.picking_ids.move_ids.move_line_ids.quantity = 9
        ret.picking_ids.move_ids.picked = True
        ret.picking_ids.button_validate()
        exception = self.assertRefused(self.sales_user, "complaint.return", "action_create_credit_note", ret.ids)
        self.assertIn("exceeds", str(exception))
        self.assertFalse(ret.sudo().credit_note_ids)
        self.assertRefused(self.warehouse_user, "complaint.return", "action_create_replacement", ret.ids)
        other = self._handled()
        self.assertRefused(self.sales_user, "complaint.return", "write", ret.ids, {"complaint_id": other.id})
        self.assertEqual(ret.sudo().complaint_id, complaint)

    def test_return_answers_a_complaint_of_its_order(self):
        other = self._handled(sale_order_id=self.other_order.id, partner_id=self.other_partner.id)
        self.assertRefused(
            self.sales_user,
            "complaint.return",
            "create",
            {
                "sale_order_id": self.order.id,
                "complaint_id": other.id,
                "line_ids": [(0, 0, {"origin_move_id": self.move.id, "lot_id": self.lot.id, "quantity": 1})],
            },
        )

    def test_received_goods_keep_their_product_and_order_line(self):
        ret = self._received(2)
        other_line = self.other_order.order_line
        self.assertRefused(
            self.sales_user, "complaint.return.line", "write", ret.line_ids.ids, {"product_id": self.product.id}
        )
        self.assertRefused(
            self.sales_user, "complaint.return.line", "write", ret.line_ids.ids, {"sale_line_id": other_line.id}
        )
        self.assertEqual(ret.line_ids.product_id, self.lot_product)
        self.assertEqual(ret.line_ids.sale_line_id, self.order.order_line)

    def test_a_changed_delivery_move_does_not_change_what_comes_back(self):
        ret = self._received(2)
        self.move.with_user(self.warehouse_user).sudo().write({"product_id": self.product.id})
        ret.invalidate_recordset()
        self.assertEqual(ret.line_ids.product_id, self.lot_product, "a snapshot of the delivery")
        self.move.sudo().write({"product_id": self.lot_product.id})

    def test_no_line_joins_a_received_return(self):
        """Second review N1: no line joins a return past draft, nor brings inspection results."""
        received = self._received(2)
        draft = self.env["complaint.return"].browse(self._return(self.sales_user, 1))
        self.assertRefused(
            self.sales_user, "complaint.return.line", "write", draft.line_ids.ids, {"return_id": received.id}
        )
        self.assertRefused(
            self.sales_user,
            "complaint.return.line",
            "create",
            {"origin_move_id": self.move.id, "lot_id": self.lot.id, "quantity": 1},
            context={"default_return_id": received.id},
        )
        self.assertRefused(
            self.sales_user,
            "complaint.return",
            "write",
            received.ids,
            {"line_ids": [(4, draft.line_ids.id)]},
        )
        self.assertRefused(
            self.sales_user,
            "complaint.return.line",
            "create",
            {"return_id": draft.id, "origin_move_id": self.move.id, "lot_id": self.lot.id, "quantity": 1},
            context={"default_qty_conforming": 1},
        )
        self.assertEqual(len(received.line_ids), 1)
        self.assertEqual(draft.line_ids.return_id, draft)


class TestComplaintLineIntegrity(IntegrityCase):
    def test_delivered_quantity_comes_from_the_move(self):
        order = self._create_order([(self.product, 6)])
        move = self._deliver(order).move_ids
        complaint = self._complaint_until("action_register", sale_order_id=order.id, salesperson_id=self.sales_user.id)
        vals = {"complaint_id": complaint.id, "product_id": self.product.id, "move_id": move.id, "qty_delivered": 100}
        self.assertRefused(self.sales_user, "customer.complaint.line", "create", {**vals, "quantity": 50})
        line_id = self.rpc(self.sales_user, "customer.complaint.line", "create", {**vals, "quantity": 2})
        self.assertEqual(self.env["customer.complaint.line"].browse(line_id).qty_delivered, 6)


class TestIndirectPaths(IntegrityCase):
    """Second review, paths around the guards: context defaults, the mail gateway called over
    RPC (it creates as superuser), lines moved between returns, ratings moved onto complaints."""

    RAW = (
        "From: Someone <someone@customer.example>\nTo: nobody@nowhere.example\nSubject: {subject}\n"
        "Message-ID: <{mid}@customer.example>\nContent-Type: text/plain\n\nbody"
    )

    def test_context_default_stage_does_not_create_a_closed_complaint(self):
        closed = self.env["complaint.stage"]._stage_for_state("closed")
        vals = {"partner_id": self.partner.id, "description": "<p>x</p>"}
        self.assertRefused(
            self.sales_user, "customer.complaint", "create", vals, context={"default_stage_id": closed.id}
        )
        self.assertFalse(self.env["customer.complaint"].search([("stage_id", "=", closed.id)]))

    def test_mail_gateway_over_rpc_forges_nothing(self):
        stamps = {
            "date_countermeasure_approved": "2020-01-01 00:00:00",
            "countermeasure_approver_id": self.manager.id,
            "validity": "valid",
            "satisfaction": "satisfied",
            "date_registered": "2020-01-01 00:00:00",
            "stage_id": self.env["complaint.stage"]._stage_for_state("closed").id,
        }
        complaint_id = self.rpc(
            self.warehouse_user,
            "mail.thread",
            "message_process",
            "customer.complaint",
            self.RAW.format(subject="Forged", mid="n3-1"),
            custom_values=stamps,
        )
        complaint = self.env["customer.complaint"].browse(complaint_id)
        self.assertEqual(
            (complaint.state, complaint.validity, complaint.satisfaction, complaint.date_registered),
            ("new", "pending", False, False),
        )
        self.assertFalse(complaint.date_countermeasure_approved or complaint.countermeasure_approver_id)
        for model, values in (
            (
                "complaint.corrective.action",
                {"state": "effective", "user_id": self.sales_user.id, "date_planned": "2026-12-01"},
            ),
            ("complaint.return", {"state": "received", "approved_by_id": self.manager.id}),
        ):
            self.assertRefused(
                self.sales_user,
                "mail.thread",
                "message_process",
                model,
                self.RAW.format(subject=model, mid=model),
                custom_values=values,
            )

    def test_rating_moved_onto_a_complaint_is_refused(self):
        complaint = self._handled("action_reply")
        complaint._action_close("call", complaint.date_received.date())
        rating_id = self.rpc(
            self.warehouse_user,
            "rating.rating",
            "create",
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.partner.id,
                "partner_id": self.partner.id,
            },
        )
        self.assertRefused(
            self.warehouse_user,
            "rating.rating",
            "write",
            [rating_id],
            {"res_model_id": self.env["ir.model"]._get_id("customer.complaint"), "res_id": complaint.id},
        )
        self.assertEqual(self.env["rating.rating"].browse(rating_id).res_model, "res.partner")

    def test_status_of_a_stage_in_use_is_fixed(self):
        complaint = self._handled("action_investigate")
        with self.assertRaises(UserError):
            complaint.stage_id.write({"state": "closed"})
        self.assertEqual(complaint.state, "investigating")

    def test_context_defaults_of_computed_links_are_ignored(self):
        order = self._create_order([(self.product, 1)])
        picking = self._deliver(order)
        complaint_id = self.rpc(
            self.sales_user,
            "customer.complaint",
            "create",
            {"partner_id": self.partner.id, "description": "<p>x</p>"},
            context={"default_picking_ids": [(6, 0, picking.ids)], "default_delivery_count": 5},
        )
        complaint = self.env["customer.complaint"].browse(complaint_id)
        self.assertFalse(complaint.picking_ids)
        self.assertEqual(complaint.delivery_count, 0)

    def _started_action(self, complaint):
        vals = {"name": "Sleeve", "user_id": self.qa_user.id, "date_planned": date(2026, 3, 10)}
        action = self.env["complaint.corrective.action"].create({**vals, "complaint_ids": [(6, 0, complaint.ids)]})
        action.action_start()
        return action

    def test_started_actions_stay_on_their_complaint(self):
        complaint = self._handled(user_id=self.sales_user.id)
        action = self._started_action(complaint)
        for command in ([(3, action.id)], [(5,)], [(6, 0, [])]):
            self.assertRefused(
                self.sales_user, "customer.complaint", "write", complaint.ids, {"corrective_action_ids": command}
            )
        self.assertRefused(self.qa_user, "complaint.corrective.action", "write", action.ids, {"complaint_ids": [(5,)]})
        self.assertEqual(complaint.corrective_action_ids, action)

    def test_handler_is_fixed_while_countermeasures_wait(self):
        complaint = self._handled(severity="major", user_id=self.manager.id)
        self.assertRefused(self.manager, "customer.complaint", "write", complaint.ids, {"user_id": self.qa_user.id})
        self.assertEqual(complaint.user_id, self.manager)

    def test_archived_complaints_keep_their_status_too(self):
        complaint = self._handled("action_register")
        stage = self.env["complaint.stage"].create({"name": "Reg 2", "state": "registered"})
        complaint.stage_id = stage
        complaint.action_archive()
        with self.assertRaises(UserError):
            stage.write({"state": "closed"})
        self.assertEqual(complaint.with_context(active_test=False).state, "registered")

    def test_encoded_and_css_remote_resources_are_stripped(self):
        description = (
            '<p>a</p><img src="&#104;ttp://127.0.0.1:8765/1.png"><img alt=">" src="http://127.0.0.1:8765/2.png">'
            '<img src="http&#58;//127.0.0.1:8765/3.png"><p style="background-image:url(http://127.0.0.1:8765/4.png)">b</p>'
            '<img src="data:image/png;base64,iVBORw0KGgo=">'
        )
        complaint = self._create_complaint(description=description)
        self.assertNotIn("8765", complaint.description)
        self.assertIn("data:image/png", complaint.description)
        self.assertIn("b</p>", complaint.description)

    def test_a_reset_action_stays_on_its_complaint(self):
        complaint = self._handled(user_id=self.sales_user.id)
        action = self._started_action(complaint)
        action.action_done()
        self.rpc(self.qa_user, "complaint.corrective.action", "action_reset", action.ids)
        self.assertEqual(action.state, "draft")
        self.assertRefused(
            self.sales_user, "customer.complaint", "write", complaint.ids, {"corrective_action_ids": [(3, action.id)]}
        )
        self.assertRefused(self.qa_user, "complaint.corrective.action", "unlink", action.ids)
        self.assertEqual(complaint.corrective_action_ids, action)

    def test_classification_is_not_lowered_to_skip_the_approval(self):
        complaint = self._handled(severity="major", user_id=self.manager.id)
        self.assertRefused(self.qa_user, "customer.complaint", "write", complaint.ids, {"severity": "general"})
        self.assertRefused(self.qa_user, "customer.complaint", "write", complaint.ids, {"user_id": self.qa_user.id})
        self.assertEqual((complaint.severity, complaint.user_id), ("major", self.manager))

    def test_the_customers_rating_is_kept_as_given(self):
        complaint = self._handled("action_reply", user_id=self.sales_user.id)
        complaint._action_close("call", complaint.date_received.date())
        complaint._record_satisfaction("satisfied", "Fine")
        rating = complaint.rating_ids
        self.assertRefused(self.sales_user, "rating.rating", "write", rating.ids, {"rating": 1, "feedback": "changed"})
        self.assertRefused(self.qa_user, "rating.rating", "write", rating.ids, {"complaint_id": False})
        self.assertEqual(rating.rating, 5)
