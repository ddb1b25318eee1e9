from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .complaint_return import APPROVER_GROUPS


class ComplaintReturn(models.Model):
    """What the customer gets for the returned goods: a replacement delivery and/or a credit
    note, as the complaint's approved compensation says."""

    _inherit = "complaint.return"

    def _check_compensation(self, types):
        """Who may resolve the return, and what was approved for it: the approved
        compensations of these ``types`` (none for a return without complaint)."""
        self._check_step("resolve")
        labels = dict(self.env["complaint.compensation"]._fields["comp_type"]._description_selection(self.env))
        approved = self.env["complaint.compensation"]
        for ret in self:
            complaint = ret.sudo().complaint_id
            if complaint:
                complaint.with_env(self.env).check_access("read")  # one the user works on
                approved |= complaint._approved_compensations().filtered(lambda c: c.comp_type in types)
                if not approved:
                    raise UserError(
                        self.env._(
                            "%(return)s: the complaint has no approved compensation of this kind (%(types)s).",
                            types=", ".join(labels[t] for t in types),
                            **{"return": ret.name},
                        )
                    )
            elif not any(self.env.user.has_group(group) for group in APPROVER_GROUPS):
                raise AccessError(
                    self.env._("A return without complaint is compensated by a sales or complaints manager.")
                )
        return approved

    def _check_within(self, approved, value, currency, kind):
        """Refuse what exceeds the approved compensations (their value, less what earlier
        credit notes or replacements of the complaint already used)."""
        if not approved or not any(approved.mapped("amount")):
            return
        complaint_currency = approved[0].currency_id
        limit = sum(approved.mapped("amount")) - self._already_used(kind, complaint_currency)
        value = currency._convert(value, complaint_currency, self.company_id, fields.Date.context_today(self))
        if complaint_currency.compare_amounts(value, limit) > 0:
            raise UserError(
                self.env._(
                    "%(return)s: %(value)s exceeds what remains of the approved compensation (%(limit)s).",
                    value=complaint_currency.format(value),
                    limit=complaint_currency.format(max(limit, 0.0)),
                    **{"return": self.name},
                )
            )

    def _already_used(self, kind, currency):
        """Value of the credit notes (untaxed) or replacements already made for the complaint."""
        returns = self.sudo().complaint_id.return_ids - self
        if kind == "credit":
            notes = returns.credit_note_ids.filtered(lambda m: m.state != "cancel")
            return sum(
                m.currency_id._convert(m.amount_untaxed, currency, m.company_id, m.invoice_date or m.date)
                for m in notes
            )
        sent = returns.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing" and p.state != "cancel")
        return sum(self._replacement_value(move.sale_line_id, move.product_uom_qty) for move in sent.move_ids)

    @staticmethod
    def _replacement_value(sale_line, quantity):
        return sale_line.price_reduce_taxexcl * quantity if sale_line else 0.0

    def _received_lines(self):
        return self.line_ids.filtered(lambda line: line.uom_id.compare(line.qty_received, 0) > 0)

    # ------------------------------------------------------------------ credit note
    def action_create_credit_note(self):
        """A credit note per invoice for the returned quantities at their invoiced price."""
        self.ensure_one()
        approved = self._check_compensation(("refund", "discount"))
        if self.sudo().credit_note_ids.filtered(lambda m: m.state != "cancel"):
            raise UserError(self.env._("%(return)s already has a credit note.", **{"return": self.name}))
        lines_by_invoice = defaultdict(list)
        for line in self._received_lines().filtered("sale_line_id"):
            invoiced = line.sale_line_id.invoice_lines.filtered(
                lambda il: il.move_id.move_type == "out_invoice" and il.move_id.state == "posted"
            )
            if not invoiced:
                continue
            invoice_line = invoiced.sorted(lambda il: (il.move_id.invoice_date, il.id))[-1]
            lines_by_invoice[invoice_line.move_id].append(
                {
                    "product_id": line.product_id.id,
                    "name": invoice_line.name,
                    "quantity": line.uom_id._compute_quantity(line.qty_received, invoice_line.product_uom_id),
                    "product_uom_id": invoice_line.product_uom_id.id,
                    "price_unit": invoice_line.price_unit,
                    "discount": invoice_line.discount,
                    "tax_ids": [(6, 0, invoice_line.tax_ids.ids)],
                    "account_id": invoice_line.account_id.id,
                    "sale_line_ids": [(6, 0, line.sale_line_id.ids)],
                }
            )
        if not lines_by_invoice:
            raise UserError(self.env._("Nothing of this return was invoiced: there is nothing to credit."))
        # a draft for accounting to post, created for the approved compensation
        credit_notes = (
            self.env["account.move"]
            .sudo()
            .create(
                [
                    {
                        "move_type": "out_refund",
                        "partner_id": invoice.partner_id.id,
                        "company_id": invoice.company_id.id,
                        "currency_id": invoice.currency_id.id,
                        "journal_id": invoice.journal_id.id,
                        "reversed_entry_id": invoice.id,
                        "invoice_origin": self.name,
                        "ref": self.env._(
                            "Return %(return)s of %(invoice)s", invoice=invoice.name, **{"return": self.name}
                        ),
                        "invoice_line_ids": [(0, 0, vals) for vals in line_vals],
                    }
                    for invoice, line_vals in lines_by_invoice.items()
                ]
            )
        )
        self._check_within(approved, sum(credit_notes.mapped("amount_untaxed")), credit_notes[:1].currency_id, "credit")
        self.sudo().credit_note_ids |= credit_notes
        self.message_post(
            body=self.env._("Credit note created: %(notes)s", notes=", ".join(credit_notes.mapped("display_name")))
        )
        return self._open("account.move", credit_notes, self.env._("Credit Notes"))

    # ------------------------------------------------------------------ replacement
    def action_create_replacement(self):
        """Send the received quantities again: an outgoing transfer, or a free line on the
        order (which then delivers it), as the company prefers."""
        self.ensure_one()
        approved = self._check_compensation(("replacement",))
        if self.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"):
            raise UserError(self.env._("%(return)s already has a replacement delivery.", **{"return": self.name}))
        lines = self._received_lines()
        if not lines:
            raise UserError(self.env._("Nothing was received: there is nothing to replace."))
        value = sum(self._replacement_value(line.sale_line_id, line.qty_received) for line in lines)
        self._check_within(approved, value, self.sale_order_id.currency_id, "replacement")
        # sent for the approved compensation, without stock rights, as when an order is confirmed
        if self.company_id.complaint_replacement_method == "order_line":
            deliveries = self.sudo()._replace_on_order(lines)
        else:
            deliveries = self.sudo()._replace_by_transfer(lines)
        deliveries.write({"complaint_return_id": self.id})
        self.message_post(
            body=self.env._("Replacement delivery: %(pickings)s", pickings=", ".join(deliveries.mapped("name")))
        )
        return self.action_view_replacements()

    def _replace_by_transfer(self, lines):
        picking_type = self.warehouse_id.out_type_id
        source = picking_type.default_location_src_id
        customers = self.env.ref("stock.stock_location_customers")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": self.sale_order_id.partner_shipping_id.id,
                "location_id": source.id,
                "location_dest_id": customers.id,
                "origin": self.name,
                "company_id": self.company_id.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": line.product_id.id,
                            "product_uom_qty": line.qty_received,
                            "product_uom": line.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": customers.id,
                        },
                    )
                    for line in lines
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _replace_on_order(self, lines):
        order_lines = self.env["sale.order.line"].create(
            [
                {
                    "order_id": self.sale_order_id.id,
                    "product_id": line.product_id.id,
                    "product_uom_qty": line.qty_received,
                    "price_unit": 0.0,
                    "name": self.env._(
                        "Replacement for %(return)s: %(product)s",
                        product=line.product_id.display_name,
                        **{"return": self.name},
                    ),
                }
                for line in lines
            ]
        )
        return order_lines.move_ids.picking_id.filtered(lambda p: not p.complaint_return_id)
