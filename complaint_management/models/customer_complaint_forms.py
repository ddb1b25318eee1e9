import re

from odoo import fields, models

# 8D D4: what the returned or complained unit is checked for (外观 / 手动操作 / 功能性 / 开盖).
INSPECTION_ITEMS = [
    ("appearance", "Appearance"),
    ("manual", "Manual Operation"),
    ("function", "Function"),
    ("opening", "Opened for Inspection"),
]


def mask_phone(phone):
    """138****5678: the first three and last four digits of a number, the rest hidden."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 8:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_email(email):
    """z***@example.com: the first letter of the name and the domain."""
    name, at, domain = (email or "").partition("@")
    return f"{name[:1]}***{at}{domain}" if email else ""


class CustomerComplaintInspection(models.Model):
    """One inspection item of a complaint (8D D4), with its result."""

    _name = "customer.complaint.inspection"
    _inherit = ["complaint.child.mixin"]
    _description = "Complaint Inspection Item"

    item = fields.Selection(INSPECTION_ITEMS, required=True)
    result = fields.Char(required=True, help="What was found, e.g. scratches on the lid, the motor does not start.")
    conforming = fields.Boolean()


class CustomerComplaint(models.Model):
    """What the handling form (QR-CM-01), the 8D and the registers print beyond the procedure's
    own fields, and the one rule of what is printed about the customer."""

    _inherit = "customer.complaint"

    disposal_proposal = fields.Text(tracking=True, help="处理意见: how the complaint is to be handled (the plan).")
    staff_action = fields.Text(
        string="Action Against Responsible Staff",
        tracking=True,
        help="对相关责任人处理意见: what is done about the people responsible.",
    )
    inspection_ids = fields.One2many("customer.complaint.inspection", "complaint_id", copy=False)
    inspection_ref = fields.Char(string="Inspection Record No.", tracking=True)
    provisional_progress = fields.Text(
        string="Progress at Provisional Closing", readonly=True, copy=False, step_only=True
    )

    # ------------------------------------------------------------------ printed about the customer
    def _printed_customer(self):
        """The customer as every form and register prints it: "Anonymous" for an anonymous
        complaint (in the language of the document), else the customer or the contact."""
        self.ensure_one()
        if self.is_anonymous:
            return self.env._("Anonymous")
        return self.partner_id.display_name or self.contact_name or ""

    def _printed_contact(self, masked=False):
        """Contact name, phone and email; nothing for an anonymous complaint. ``masked`` hides
        most of the phone and email (the registers, which leave the department: 信息保密)."""
        self.ensure_one()
        if self.is_anonymous:
            return ""
        phone, email = self.contact_phone, self.contact_email
        if masked:
            phone, email = mask_phone(phone), mask_email(email)
        return " ".join(part for part in (self.contact_name, phone, email) if part)

    def _handling_result(self):
        """What was done for the customer, in the register: the solution agreed, given directly
        or proposed at a provisional closing."""
        self.ensure_one()
        return self.agreed_solution or self.direct_solution or self.proposed_solution or ""

    def _survey_choices(self):
        """(value, label) of the satisfaction levels, as the survey form offers them."""
        return self._fields["satisfaction"]._description_selection(self.env)

    def _gm_decisions(self):
        """The general manager's decisions (核示) on this complaint, oldest first."""
        self.ensure_one()
        return self.approval_ids.filtered(lambda a: a.tier == "general_manager").sorted("date")
