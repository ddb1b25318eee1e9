from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .complaint_statistics import STATISTICS_PERIODS


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_level_amount = fields.Monetary(
        string="High-Level Claim Amount",
        currency_field="currency_id",
        default=50000.0,
        help="A complaint whose claimed amount reaches this amount (company currency) is high level.",
    )
    complaint_repeat_days = fields.Integer(
        string="Repeat Complaint Window (days)",
        default=90,
        help="An earlier complaint of the same customer on the same product or order within this "
        "many days makes a new complaint a repeat complaint.",
    )

    complaint_grace_hours = fields.Float(
        string="Manager Notified After (hours)",
        default=4.0,
        help="Hours after a missed deadline before the department manager is told too.",
    )
    complaint_no_solution_days = fields.Integer(
        string="High Level Without Solution After (days)",
        default=10,
        help="A complaint with no solution this many days after receipt becomes high level.",
    )

    complaint_gm_user_id = fields.Many2one(
        "res.users",
        string="General Manager",
        domain=[("share", "=", False)],
        help="Signs where an approval rule names the general manager; when empty, any complaints manager does.",
    )
    complaint_qa_manager_id = fields.Many2one(
        "res.users",
        string="QA Manager",
        domain=[("share", "=", False)],
        help="Signs where an approval rule names the QA manager; when empty, any complaints manager does.",
    )
    complaint_recording_amount = fields.Monetary(
        string="Recording Review From",
        currency_field="currency_id",
        default=50000.0,
        help="Complaints claiming this much (company currency) or more, like those of VIP customers and "
        "sensitive ones, have their call recording reviewed before they end (001-BANK). Zero: by amount never.",
    )
    complaint_extension_approval = fields.Boolean(
        string="More Time Needs Approval",
        help="Every request for more time is approved by the receiving department's manager (004-SVC).",
    )
    complaint_reply_after_approval = fields.Boolean(
        string="Reply After Approval",
        help="The reply to a valid complaint waits until its handling form (countermeasures and disposal) "
        "is approved (000-A (四)).",
    )
    complaint_followup_days = fields.Integer(
        string="Satisfaction Survey After (days)",
        default=3,
        help="Days after closing before the customer is asked how satisfied they are; the survey is "
        "the follow-up, so it goes out before the follow-up deadline whatever this delay.",
    )
    complaint_form_revision = fields.Char(
        string="Form Revision", default="A/0", help="Printed on the complaint forms next to their numbers."
    )
    complaint_web_register = fields.Boolean(
        string="Register Online Complaints at Once",
        default=True,
        help="Complaints filed by customers in the portal or on the public form are registered, routed "
        "and acknowledged at once; otherwise they wait in New for customer service to register them.",
    )
    complaint_route_on_register = fields.Boolean(
        string="Route on Registration",
        default=True,
        help="Registering a complaint routes it at once by the routing rules; otherwise QA routes it by hand.",
    )
    complaint_require_corrective_action = fields.Boolean(
        string="Corrective Action Required",
        help="Every valid complaint has at least one corrective action before it is verified (004).",
    )
    complaint_statistics_period = fields.Selection(
        STATISTICS_PERIODS,
        string="Statistics Sent",
        default="month",
        required=True,
        help="How often the managers receive the register and statistics of the period just ended "
        "(001-BANK: the 情况登记表 every half month or every quarter).",
    )
    complaint_replacement_method = fields.Selection(
        [("picking", "Separate Delivery"), ("order_line", "Free Line on the Order")],
        string="Replacement Goods",
        default="picking",
        required=True,
        help="How goods replacing a return are sent: a delivery of their own, or a free line added to the sales order.",
    )

    @api.constrains("complaint_level_amount", "complaint_repeat_days", "complaint_followup_days")
    def _check_complaint_settings(self):
        for company in self:
            if (
                min(
                    company.complaint_level_amount,
                    company.complaint_repeat_days,
                    company.complaint_followup_days,
                )
                < 0
            ):
                raise ValidationError(self.env._("The complaint amounts and day counts cannot be negative."))
