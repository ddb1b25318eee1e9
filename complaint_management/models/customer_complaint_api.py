"""Filing complaints from outside systems (hotline, CRM, e-commerce) through Odoo 19's JSON-2
API: ``POST /json/2/customer.complaint/file_complaint`` with an API key. The outside system's
reference is unique per company and source, so a retried call never files twice."""

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError

from .customer_complaint import CHANNELS

REF_LENGTH = 128


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    external_source = fields.Char(
        string="Filed Through", readonly=True, copy=False, help="The outside system the complaint came from."
    )
    external_ref = fields.Char(
        string="External Reference",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The outside system's reference: one complaint per reference, company and source.",
    )

    _external_ref_unique = models.UniqueIndex(
        "(company_id, external_source, external_ref) WHERE external_ref IS NOT NULL",
        "This outside system already filed a complaint with this reference.",
    )

    def write(self, vals):
        if {"external_ref", "external_source"} & set(vals):  # given at filing, never afterwards
            raise UserError(self.env._("The outside system's reference of a complaint cannot change."))
        return super().write(vals)

    @api.model
    def file_complaint(
        self, external_ref, source, customer, description, order=None, lines=(), channel="web", subject=None
    ):
        """File a complaint for an outside system, once per ``external_ref`` and ``source``.

        ``customer``: a partner id, or the partner's reference (``ref``); ``order``: a sales
        order's number or id, of that customer; ``lines``: ``[{"product": id or internal
        reference, "quantity": q, "lot": name}]``, from the order's deliveries. Returns
        ``{"id", "name", "created"}``; a reference already filed returns that complaint with
        ``created: false`` and changes nothing. Bad input raises a clear error and files nothing.
        """
        external_ref = self._api_text(external_ref, "external_ref")  # parameter names, not translated
        source = self._api_text(source, "source")
        existing = self._filed_by(source, external_ref)
        if existing:
            return {"id": existing.id, "name": existing.name, "created": False}
        if channel not in dict(CHANNELS):
            raise UserError(self.env._("Unknown channel %(channel)s.", channel=channel))
        partner = self._api_customer(customer)
        sale_order = self._api_order(order, partner) if order else self.env["sale.order"]
        vals = {
            "external_ref": external_ref,
            "external_source": source,
            "partner_id": partner.id,
            "channel": channel,
            "description": description,
            "subject": subject or False,
            "sale_order_id": sale_order.id,
            "line_ids": [fields.Command.create(vals) for vals in self._api_lines(sale_order, lines)],
        }
        try:
            with self.env.cr.savepoint():
                complaint = self.create(vals)
                complaint.flush_recordset()
        except psycopg2.errors.UniqueViolation:
            # the same reference filed at the same moment by a retry: that one wins
            complaint = self._filed_by(source, external_ref)
            return {"id": complaint.id, "name": complaint.name, "created": False}
        return {"id": complaint.id, "name": complaint.name, "created": True}

    @api.model
    def _api_text(self, value, name):
        if not isinstance(value, str) or not value.strip() or len(value) > REF_LENGTH:
            raise UserError(
                self.env._("%(name)s must be a text of 1 to %(length)s characters.", name=name, length=REF_LENGTH)
            )
        return value.strip()

    @api.model
    def _filed_by(self, source, external_ref):
        """The complaint already filed with this reference in the user's current company; the
        lookup ignores record rules (the caller may not read it) and returns only its number."""
        self.check_access("create")
        return (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "=", self.env.company.id),
                    ("external_source", "=", source),
                    ("external_ref", "=", external_ref),
                ],
                limit=1,
            )
        )

    @api.model
    def _api_customer(self, customer):
        Partner = self.env["res.partner"]
        if isinstance(customer, int) and not isinstance(customer, bool):
            partner = Partner.search([("id", "=", customer)])
        elif isinstance(customer, str) and customer.strip():
            partner = Partner.search([("ref", "=", customer.strip())], limit=2)
        else:
            partner = Partner
        if len(partner) != 1:
            raise UserError(self.env._("Unknown customer %(customer)s.", customer=customer))
        return partner

    @api.model
    def _api_order(self, order, partner):
        Order = self.env["sale.order"]
        if isinstance(order, int) and not isinstance(order, bool):
            found = Order.search([("id", "=", order)])
        else:
            found = Order.search([("name", "=", order)], limit=1) if isinstance(order, str) else Order
        if not found:
            raise UserError(self.env._("Unknown sales order %(order)s.", order=order))
        if found.partner_id.commercial_partner_id != partner.commercial_partner_id:
            raise UserError(
                self.env._(
                    "Sales order %(order)s belongs to another customer than %(customer)s.",
                    order=found.name,
                    customer=partner.display_name,
                )
            )
        return found

    @api.model
    def _api_lines(self, sale_order, lines):
        """Complaint lines on the order's deliveries; the quantity checks are the lines' own."""
        if lines and not sale_order:
            raise UserError(self.env._("Lines need the sales order they were delivered on."))
        delivered = sale_order._prepare_complaint_lines() if sale_order else []
        products = self.env["product.product"].browse([vals["product_id"] for vals in delivered])
        codes = {product.id: product.default_code for product in products}  # one read
        lots = {
            lot.id: lot.name
            # the lots of the order's own deliveries, also for users without stock rights
            for lot in self.env["stock.lot"].sudo().browse([v.get("lot_id") for v in delivered if v.get("lot_id")])
        }
        result = []
        for line in lines or ():
            if not isinstance(line, dict):
                raise UserError(self.env._("Each line is an object with product and quantity."))
            product, lot = line.get("product"), line.get("lot")
            quantity = line.get("quantity")
            if not isinstance(quantity, (int, float)) or isinstance(quantity, bool) or quantity <= 0:
                raise UserError(self.env._("%(product)s: the quantity must be a positive number.", product=product))
            by_id = isinstance(product, int) and not isinstance(product, bool)
            matches = [
                vals
                for vals in delivered
                if (vals["product_id"] == product if by_id else codes[vals["product_id"]] == product)
                and (not lot or lots.get(vals.get("lot_id")) == lot)
            ]
            if not matches:
                raise UserError(
                    self.env._(
                        "%(product)s was not delivered on %(order)s.",
                        product=product if not lot else f"{product} ({lot})",
                        order=sale_order.name,
                    )
                )
            result.append({**matches[0], "quantity": float(quantity)})
        return result
