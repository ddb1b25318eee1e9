"""The users of the load benchmark (``bench/load_bench.py``), for locust.

Each simulated user logs in to Odoo as a user of its own and works through the web client's
JSON-RPC routes, as the browser does. Each action (several RPCs) is reported as one request of
type ``ACTION``; every RPC is reported too. An RPC answering with an error counts as a failure.

The data (logins, orders, products) comes from the JSON file named by ``LOAD_DATA``.
"""

import collections
import itertools
import json
import os
import random
import time

from locust import HttpUser, between, events, task

DATA = json.load(open(os.environ["LOAD_DATA"]))
OPEN_DOMAIN = [["state", "in", ["new", "registered", "investigating", "action", "verification", "replied"]]]
KANBAN_SPEC = {
    "name": {},
    "subject": {},
    "partner_id": {"fields": {"display_name": {}}},
    "category_id": {"fields": {"display_name": {}}},
    "severity": {},
    "level": {},
    "state": {},
    "is_repeat": {},
    "deadline_next_step": {},
    "date_deadline_next": {},
    "activity_ids": {"fields": {}},
    "activity_state": {},
    "user_id": {"fields": {"display_name": {}}},
}


COUNTERS = collections.defaultdict(itertools.count)  # each simulated user logs in as its own user


STEP_FLAGS = ("can_investigate", "can_set_valid", "can_plan_actions", "can_verify", "can_reply", "can_close")


class RpcError(Exception):
    pass


class OdooUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    role = None

    def on_start(self):
        self.index = next(COUNTERS[self.role]) % len(DATA["users"][self.role])
        self.login = DATA["users"][self.role][self.index]
        self.rpc_id = 0
        session = self.call(
            "/web/session/authenticate", {"db": DATA["db"], "login": self.login, "password": self.login}
        )
        self.uid = session["uid"]

    def call(self, url, params, name=None):
        self.rpc_id += 1
        payload = {"jsonrpc": "2.0", "method": "call", "id": self.rpc_id, "params": params}
        with self.client.post(url, json=payload, name=name or url, catch_response=True) as response:
            body = response.json() if response.ok else {}
            if "error" in body or not response.ok:
                message = body.get("error", {}).get("data", {}).get("message") or response.text[:200]
                response.failure(message)
                raise RpcError(message)
            return body["result"]

    def rpc(self, model, method, args, **kwargs):
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
        return self.call(f"/web/dataset/call_kw/{model}/{method}", params, name=f"{model}.{method}")

    def action(self, name, work):
        """Run ``work`` and report it as one action, failed if any of its RPCs failed."""
        start = time.perf_counter()
        error = None
        try:
            work()
        except RpcError as exc:
            error = exc
        events.request.fire(
            request_type="ACTION",
            name=name,
            response_time=(time.perf_counter() - start) * 1000,
            response_length=0,
            exception=error,
            context={},
        )

    def next_of_mine(self, model, domain):
        """The oldest record of ``domain`` this user works on, as a list shows it, or None."""
        found = self.rpc(model, "web_search_read", [domain], specification={}, limit=40, order="id")
        mine = self.mine(found["records"])
        return mine[0]["id"] if mine else None

    def mine(self, records):
        """The records this user works on: shared out by id among the users of the role."""
        count = len(DATA["users"][self.role])
        return [r for r in records if r["id"] % count == self.index]


class SalesRep(OdooUser):
    """Files complaints from their delivered orders; asks for a return on some."""

    role = "sales"
    fixed_count = 8

    def on_start(self):
        super().on_start()
        self.orders = DATA["orders"][self.login]
        self.filed = []

    @task(3)
    def file_complaint(self):
        self.action("file a complaint from an order", self._file)

    def _file(self):
        order = random.choice(self.orders)
        action = self.rpc("sale.order", "action_file_complaint", [[order["id"]]])
        context = action["context"]
        self.rpc(
            "customer.complaint",
            "onchange",
            [[], {}, [], {"partner_id": {}, "sale_order_id": {}, "channel": {}, "line_ids": {"fields": {}}}],
            context=context,
        )
        line = random.choice(order["lines"])
        values = {
            "sale_order_id": order["id"],
            "partner_id": order["partner_id"],
            "channel": context["default_channel"],
            "description": "<p>外壳有裂纹，客户要求换货。</p>",
            "line_ids": [[0, 0, {"sale_line_id": line["id"], "product_id": line["product_id"], "quantity": 1}]],
        }
        saved = self.rpc("customer.complaint", "web_save", [[], values], context=context, specification={"name": {}})
        complaint_id = saved[0]["id"]
        self.rpc("customer.complaint", "action_register", [[complaint_id]])
        self.filed.append(complaint_id)

    @task(1)
    def ask_return(self):
        if self.filed:
            self.action("ask for a return", self._return)

    def _return(self):
        complaint_id = self.filed.pop(0)
        action = self.rpc("customer.complaint", "action_create_return", [[complaint_id]])
        self.rpc(
            "complaint.return",
            "web_save",
            [[], {"reason": "客户退回有裂纹的外壳"}],
            context=action["context"],
            specification={"name": {}},
        )


class QaOfficer(OdooUser):
    """Works from the kanban: classifies, investigates, verifies, replies and closes."""

    role = "qa"
    fixed_count = 6

    @task(2)
    def open_kanban(self):
        self.action("open the QA kanban", self._kanban)

    def _kanban(self):
        self.rpc(
            "customer.complaint",
            "web_read_group",
            [OPEN_DOMAIN, ["stage_id"], ["__count"]],
            auto_unfold=True,
            unfold_read_specification=KANBAN_SPEC,
            unfold_read_default_limit=80,
        )
        self.rpc(
            "customer.complaint",
            "read_progress_bar",
            [OPEN_DOMAIN, "stage_id", {"field": "activity_state", "colors": {"overdue": "danger"}}],
        )

    @task(3)
    def next_step(self):
        self.action("move a complaint to its next step", self._next_step)

    def _next_step(self):
        """The oldest of this officer's complaints with a step QA can take now (the flags the
        form's buttons follow), taken one step on."""
        found = self.rpc(
            "customer.complaint",
            "web_search_read",
            [[["state", "in", ["registered", "investigating", "action", "verification", "replied"]]]],
            specification={"state": {}, **{flag: {} for flag in STEP_FLAGS}, "corrective_action_ids": {}},
            limit=80,
            order="id",
        )
        ready = [c for c in self.mine(found["records"]) if self._doable(c)]
        if not ready:
            return
        complaint = ready[0]
        ids = [complaint["id"]]
        if complaint["can_investigate"]:
            values = {
                "category_id": DATA["category_id"],
                "severity": "general",
                "root_cause_category": "material",
                "root_cause": "供应商外壳材料批次不良",
            }
            self.rpc("customer.complaint", "web_save", [ids, values], specification={"state": {}})
            self.rpc("customer.complaint", "action_investigate", [ids])
        elif complaint["can_plan_actions"] or complaint["can_set_valid"]:
            self.rpc("customer.complaint", "action_set_valid", [ids])
            self.rpc("customer.complaint", "action_plan_actions", [ids])
        elif complaint["state"] == "action" and not complaint["corrective_action_ids"]:
            # the countermeasure, which a manager approves first for a major complaint
            values = {
                "name": "来料检验加严",
                "complaint_ids": [[6, 0, ids]],
                "user_id": self.uid,
                "date_planned": DATA["today"],
            }
            self.rpc("complaint.corrective.action", "web_save", [[], values], specification={})
        elif complaint["can_verify"]:
            self.rpc("customer.complaint", "action_verify", [ids])
        elif complaint["can_reply"]:
            self.rpc("customer.complaint", "action_reply", [ids])
        elif complaint["can_close"]:
            action = self.rpc(
                "customer.complaint", "action_open_transition", [ids], context={"complaint_step": "close"}
            )
            saved = self.rpc(
                "customer.complaint.transition",
                "web_save",
                [[], {"confirmation_method": "call"}],
                context=action["context"],
                specification={},
            )
            self.rpc("customer.complaint.transition", "action_apply", [[saved[0]["id"]]])

    @staticmethod
    def _doable(complaint):
        """A step QA can take now: a button the form shows, or the countermeasure to plan.
        Closing waits for corrective actions verified effective, which is not simulated."""
        if complaint["state"] == "action" and not complaint["corrective_action_ids"]:
            return True
        flags = [flag for flag in STEP_FLAGS if complaint[flag]]
        return bool(flags) and not (flags == ["can_close"] and complaint["corrective_action_ids"])


class SalesManager(OdooUser):
    """Approves the return notices and the countermeasures of major complaints."""

    role = "manager"
    fixed_count = 2

    @task
    def approve_return(self):
        self.action("approve a return", self._approve)

    @task
    def approve_countermeasures(self):
        self.action("approve countermeasures", self._approve_countermeasures)

    def _approve_countermeasures(self):
        domain = [["is_waiting_my_approval", "=", True], ["corrective_action_ids", "!=", False]]
        if complaint_id := self.next_of_mine("customer.complaint", domain):
            self.rpc("customer.complaint", "action_approve_countermeasures", [[complaint_id]])

    def _approve(self):
        if return_id := self.next_of_mine("complaint.return", [["state", "=", "draft"]]):
            self.rpc("complaint.return", "action_approve", [[return_id]])


class Warehouse(OdooUser):
    """Receives the returned goods: validates the return receipts."""

    role = "warehouse"
    fixed_count = 4

    @task
    def receive(self):
        self.action("receive a return", self._receive)

    def _receive(self):
        picking_id = self.next_of_mine(
            "stock.picking", [["complaint_return_id", "!=", False], ["state", "=", "assigned"]]
        )
        if picking_id:
            # the goods counted on arrival, as the receipt's form is filled, then validated
            picking = self.rpc(
                "stock.picking",
                "web_read",
                [[picking_id]],
                specification={"move_ids": {"fields": {"product_uom_qty": {}}}},
            )[0]
            moves = [[1, m["id"], {"quantity": m["product_uom_qty"], "picked": True}] for m in picking["move_ids"]]
            self.rpc("stock.picking", "web_save", [[picking_id], {"move_ids": moves}], specification={})
            self.rpc("stock.picking", "button_validate", [[picking_id]])
