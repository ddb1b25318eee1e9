from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


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
