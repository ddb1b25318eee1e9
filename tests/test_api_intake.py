"""Filing from an outside system through Odoo 19's JSON-2 API with an API key: a retried call
never files twice, and bad payloads get a clear error and change nothing."""

import json
import pathlib
import subprocess
import sys
from datetime import datetime, timedelta

import psycopg2

from odoo.service.model import call_kw
from odoo.tests import get_db_name, new_test_user

from .common import ComplaintHttpCase

ENDPOINT = "/json/2/customer.complaint/file_complaint"
SCRIPT = pathlib.Path(__file__).resolve().parent.parent / "scripts" / "file_complaint_api.py"


class TestApiIntake(ComplaintHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        cls.hotline = new_test_user(
            cls.env,
            "cm_api_hotline",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads,complaint_management.group_complaint_user",
        )
        cls.key = (
            cls.env["res.users.apikeys"]
            .with_user(cls.hotline)
            ._generate(scope="rpc", name="hotline", expiration_date=datetime.now() + timedelta(days=1))
        )
        cls.customer = cls.env["res.partner"].create({"name": "API Customer", "ref": "C-1001"})
        cls.stranger = cls.env["res.partner"].create({"name": "Someone Else"})
        cls.kettle = cls.env["product.product"].create({"name": "API Kettle", "type": "consu", "default_code": "KT-9"})
        cls.order = cls._create_order([(cls.kettle, 5)], partner=cls.customer, user=cls.hotline)
        cls._deliver(cls.order)

    def _post(self, key=None, **payload):
        return self.url_open(
            ENDPOINT,
            data=json.dumps(payload),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {key or self.key}"},
        )

    def _payload(self, **overrides):
        return {
            "external_ref": "HL-2026-0001",
            "source": "hotline",
            "customer": "C-1001",
            "description": "<p>壶盖关不上</p>",
            "order": self.order.name,
            "lines": [{"product": "KT-9", "quantity": 2}],
            "channel": "phone",
            **overrides,
        }

    def _complaints(self):
        return self.env["customer.complaint"].search([("partner_id", "=", self.customer.id)])

    def test_a_retried_call_files_once(self):
        first = self._post(**self._payload())
        self.assertEqual(first.status_code, 200, first.text)
        result = first.json()
        self.assertTrue(result["created"])
        complaint = self.env["customer.complaint"].browse(result["id"])
        self.assertEqual(complaint.name, result["name"])
        self.assertEqual((complaint.external_source, complaint.external_ref), ("hotline", "HL-2026-0001"))
        self.assertEqual(complaint.create_uid, self.hotline)
        self.assertEqual(complaint.line_ids.quantity, 2)
        self.assertEqual(complaint.line_ids.move_id, self.order.picking_ids.move_ids)
        self.assertEqual(complaint.subject, "壶盖关不上")
        # the retry (the network lost the answer) returns the same complaint
        again = self._post(**self._payload(description="<p>retry</p>")).json()
        self.assertEqual(again, {"id": complaint.id, "name": complaint.name, "created": False})
        self.assertEqual(len(self._complaints()), 1)
        self.assertIn("壶盖", complaint.description)
        # another source may use the same reference
        other = self._post(**self._payload(source="crm")).json()
        self.assertTrue(other["created"])
        self.assertEqual(len(self._complaints()), 2)

    def test_the_reference_is_unique_in_the_database_too(self):
        """Two retries at the same moment: the unique index keeps one, the ORM path returns it."""
        Complaint = self.env["customer.complaint"].with_user(self.hotline)
        first = Complaint.file_complaint(**self._payload())
        # a concurrent request that missed the lookup: the insert itself is refused
        with self.assertRaises(psycopg2.errors.UniqueViolation), self.env.cr.savepoint():
            Complaint.create(
                {"partner_id": self.customer.id, "external_source": "hotline", "external_ref": "HL-2026-0001"}
            ).flush_recordset()
        self.assertEqual(Complaint.file_complaint(**self._payload())["id"], first["id"])

    def test_bad_payloads_are_refused_and_change_nothing(self):
        cases = [
            ({"customer": "NO-SUCH-REF"}, "Unknown customer"),
            ({"customer": self.stranger.id}, "belongs to another customer"),
            ({"order": "S-NOPE"}, "Unknown sales order"),
            ({"lines": [{"product": "KT-9", "quantity": 6}]}, "only 5.0 delivered"),
            ({"lines": [{"product": "KT-9", "quantity": -1}]}, "positive number"),
            ({"lines": [{"product": "NOT-SOLD", "quantity": 1}]}, "was not delivered"),
            ({"external_ref": ""}, "external_ref"),
            ({"channel": "pigeon"}, "Unknown channel"),
        ]
        for overrides, message in cases:
            with self.subTest(overrides=overrides):
                response = self._post(**self._payload(**overrides))
                self.assertGreaterEqual(response.status_code, 400, response.text)
                self.assertIn(message, response.json()["message"])
        self.assertFalse(self._complaints(), "nothing filed")

    def test_users_without_complaint_rights_are_refused(self):
        outsider = new_test_user(self.env, "cm_api_outsider", groups="base.group_user")
        key = (
            self.env["res.users.apikeys"]
            .with_user(outsider)
            ._generate(scope="rpc", name="x", expiration_date=datetime.now() + timedelta(days=1))
        )
        response = self._post(key=key, **self._payload())
        self.assertEqual(response.status_code, 403, response.text)
        self.assertFalse(self._complaints())
        # and a wrong key is no key
        self.assertEqual(self._post(key="not-a-key", **self._payload()).status_code, 401)

    def test_the_reference_cannot_change(self):
        result = self.env["customer.complaint"].with_user(self.hotline).file_complaint(**self._payload())
        complaint = self.env["customer.complaint"].browse(result["id"])
        with self.assertRaisesRegex(Exception, "cannot change"):
            complaint.with_user(self.hotline).write({"external_ref": "HL-OTHER"})
        # nor can one be given afterwards to a complaint filed otherwise, over RPC
        other = self.env["customer.complaint"].with_user(self.hotline).create({"partner_id": self.customer.id})
        with self.assertRaisesRegex(Exception, "cannot change"):
            call_kw(other.with_user(self.hotline), "write", [other.ids, {"external_ref": "HL-LATE"}], {})
        self.assertFalse(other.external_ref)

    def test_a_line_names_its_lot(self):
        boiler = self.env["product.product"].create(
            {"name": "API Boiler", "is_storable": True, "tracking": "lot", "default_code": "WB-9"}
        )
        lots = self.env["stock.lot"].create([{"name": n, "product_id": boiler.id} for n in ("L-1", "L-2")])
        order = self._create_order([(boiler, 6)], partner=self.customer, user=self.hotline)
        self._deliver(order, lots={boiler: [(lots[0], 3), (lots[1], 3)]})
        payload = self._payload(order=order.name, lines=[{"product": "WB-9", "quantity": 2, "lot": "L-2"}])
        result = self.env["customer.complaint"].with_user(self.hotline).file_complaint(**payload)
        complaint = self.env["customer.complaint"].browse(result["id"])
        self.assertEqual(complaint.line_ids.lot_id, lots[1])
        self.assertEqual(complaint.line_ids.qty_delivered, 3)
        with self.assertRaisesRegex(Exception, "was not delivered"):
            self.env["customer.complaint"].with_user(self.hotline).file_complaint(
                **self._payload(
                    external_ref="HL-LOT-X", order=order.name, lines=[{"product": "WB-9", "quantity": 1, "lot": "L-9"}]
                )
            )

    def test_the_example_client_files_once(self):
        command = [
            sys.executable, str(SCRIPT), "--url", self.base_url(), "--db", get_db_name(), "--key", self.key,
            "--ref", "HL-SCRIPT-1", "--customer", "C-1001", "--order", self.order.name, "--line", "KT-9:1",
            "--description", "Lid does not close",
        ]  # fmt: skip
        with self.allow_requests(all_requests=True):  # a client outside the test's browser
            runs = [subprocess.run(command, capture_output=True, text=True, timeout=60, check=False) for _ in range(2)]
        for run in runs:
            self.assertEqual(run.returncode, 0, run.stderr)
        first, again = (run.stdout for run in runs)
        complaint = self._complaints()
        self.assertEqual(len(complaint), 1)
        self.assertEqual(first.strip(), f"{complaint.name} (filed now)")
        self.assertEqual(again.strip(), f"{complaint.name} (already filed)")
