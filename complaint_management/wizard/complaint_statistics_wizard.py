from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.complaint_statistics import STATISTICS_PERIODS


class ComplaintStatisticsWizard(models.TransientModel):
    _name = "complaint.statistics.wizard"
    _description = "Complaint Registers and Statistics"

    kind = fields.Selection(
        [
            ("register", "Complaint Register"),
            ("closing", "Closing Register"),
            ("monthly", "Monthly Statistics"),
            ("annual", "Annual Report"),
        ],
        string="File",
        required=True,
        default="monthly",
    )
    period = fields.Selection(
        [*STATISTICS_PERIODS, ("custom", "Other Dates")],
        required=True,
        default="month",
        help="Sets the dates to the last period of that length that has ended.",
    )
    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_dates()[0])
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_dates()[1])
    company_ids = fields.Many2many(
        "res.company", string="Companies", required=True, default=lambda self: self.env.companies
    )

    company_id = fields.Many2one("res.company", compute="_compute_company_id")

    @api.depends("company_ids")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard.company_ids[:1] or self.env.company

    @api.model
    def _default_dates(self):
        last_month = fields.Date.context_today(self) - relativedelta(months=1)
        return self.env["complaint.statistics"]._month_bounds(last_month)

    @api.onchange("period")
    def _onchange_period(self):
        if self.period and self.period != "custom":
            self.date_from, self.date_to = self.env["complaint.statistics"]._previous_period(
                self.period, fields.Date.context_today(self)
            )

    @api.onchange("date_from", "date_to")
    def _onchange_dates(self):
        """Dates typed by hand that are not a whole period: the period is "Other Dates"."""
        if self.period not in (False, "custom") and self.date_from:
            bounds = self.env["complaint.statistics"]._period_bounds(self.period, self.date_from)
            if bounds != (self.date_from, self.date_to):
                self.period = "custom"

    @api.onchange("kind")
    def _onchange_kind(self):
        if self.kind == "annual" and self.date_from:
            self.date_from = self.date_from.replace(month=1, day=1)
            self.date_to = self.date_from.replace(month=12, day=31)

    def _check_period(self):
        if self.date_from > self.date_to:
            raise UserError(self.env._("The period ends before it starts."))

    def action_download(self):
        self.ensure_one()
        self._check_period()
        query = urlencode(
            {
                "date_from": self.date_from.isoformat(),
                "date_to": self.date_to.isoformat(),
                "company_ids": ",".join(str(i) for i in self.company_ids.ids),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/complaint_management/xlsx/{self.kind}?{query}",
            "target": "download",
        }

    def action_print_annual(self):
        self.ensure_one()
        self._check_period()
        return self.env.ref("complaint_management.action_report_complaint_annual").report_action(self)

    def _annual_data(self):
        self.ensure_one()
        return self.env["complaint.statistics"]._annual_data(self.date_from.year, self.company_ids.ids)
