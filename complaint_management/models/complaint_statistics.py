from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain

SENT_PARAMETER = "complaint_management.statistics_sent"
RATE_MEASURES = ("registered_in_24h", "reply_on_time", "close_on_time", "satisfaction_rate", "followup_rate")
RATE_AGGREGATES = [f"{measure}:avg" for measure in RATE_MEASURES]
# What every statistics row holds: count, amounts, then the rates.
FIGURES = ["__count", "claimed_amount:sum", "compensation_amount:sum", *RATE_AGGREGATES]


class ComplaintStatistics(models.AbstractModel):
    """The figures of the registers, the monthly statistics and the annual report, read with
    the user's rights (record rules keep each user to their companies) from the same
    statistics model as the pivot view, so that files and pivot agree."""

    _name = "complaint.statistics"
    _description = "Complaint Statistics Figures"

    # ------------------------------------------------------------------ periods
    @api.model
    def _period_domain(self, field, date_from, date_to, company_ids):
        start = datetime.combine(date_from, time.min)
        end = datetime.combine(date_to + relativedelta(days=1), time.min)
        return Domain(field, ">=", start) & Domain(field, "<", end) & Domain("company_id", "in", company_ids)

    @api.model
    def _month_bounds(self, day):
        first = day.replace(day=1)
        return first, first + relativedelta(months=1, days=-1)

    # ------------------------------------------------------------------ figures
    @api.model
    def _grouped(self, domain, groupby, limit=None):
        """Rows of (group, count, claimed, compensation, rates…) for one dimension."""
        return self.env["customer.complaint.report"]._read_group(
            domain, [groupby], FIGURES, order=f"__count desc, {groupby}", limit=limit
        )

    @api.model
    def _totals(self, domain):
        """(count, claimed, compensation, rates…) over the whole domain."""
        return self.env["customer.complaint.report"]._read_group(domain, [], FIGURES)[0]

    @api.model
    def _annual_data(self, year, company_ids):
        """Month by parent category counts (``columns``: the categories met, as (id, name), and
        "Undefined" for complaints without one), monthly counts and rates, top products and
        customers, and the previous year's monthly counts."""
        Report = self.env["customer.complaint.report"]
        domain = self._period_domain("date_received", date(year, 1, 1), date(year, 12, 31), company_ids)
        previous = self._period_domain("date_received", date(year - 1, 1, 1), date(year - 1, 12, 31), company_ids)
        matrix = {}
        categories = self.env["complaint.category"]
        for month, category, count in Report._read_group(
            domain, ["date_received:month", "parent_category_id"], ["__count"]
        ):
            matrix[(month.month, category.id)] = count
            categories |= category
        months = {
            month.month: values
            for month, *values in Report._read_group(domain, ["date_received:month"], ["__count", *RATE_AGGREGATES])
        }
        last_year = {
            month.month: count for month, count in Report._read_group(previous, ["date_received:month"], ["__count"])
        }
        columns = [(category.id, category.display_name) for category in categories.sorted("name")]
        if any(category_id is False for _month, category_id in matrix):
            columns.append((False, self.env._("Undefined")))
        return {
            "year": year,
            "columns": columns,
            "matrix": matrix,
            "months": months,
            "last_year": last_year,
            "totals": self._totals(domain),
            "last_year_total": sum(last_year.values()),
            "top_products": self._grouped(domain & Domain("product_id", "!=", False), "product_id", limit=10),
            "top_customers": self._grouped(domain & Domain("partner_id", "!=", False), "partner_id", limit=10),
        }

    # ------------------------------------------------------------------ scheduled sending
    @api.model
    def _cron_send_statistics(self, today=None):
        """On the 1st of each month (or the first run after it) send the previous month's
        statistics file to each company's complaint managers; in January also the annual
        report of the year before. A parameter remembers the last month sent: once only."""
        today = today or fields.Date.context_today(self)
        period_start, period_end = self._month_bounds(today - relativedelta(months=1))
        key = period_start.strftime("%Y-%m")
        Parameter = self.env["ir.config_parameter"].sudo()
        if Parameter.get_param(SENT_PARAMETER) == key:
            return False
        managers = self.env.ref("complaint_management.group_complaint_manager").all_user_ids.filtered(
            lambda u: u.active and not u.share
        )
        Xlsx = self.env["complaint.xlsx"]
        for company in self.env["res.company"].search([]):
            recipients = managers.filtered(lambda u, company=company: company in u.company_ids)
            if not recipients:
                continue
            lang = company.partner_id.lang or "en_US"
            files = [Xlsx.with_context(lang=lang).build("monthly", period_start, period_end, company.ids)]
            if period_start.month == 12:
                year_start = period_start.replace(month=1)
                files.append(Xlsx.with_context(lang=lang).build("annual", year_start, period_end, company.ids))
            self.env["mail.thread"].message_notify(
                partner_ids=recipients.partner_id.ids,
                subject=self.with_context(lang=lang).env._(
                    "%(company)s: complaint statistics %(period)s", company=company.name, period=key
                ),
                body=self.with_context(lang=lang).env._(
                    "The complaint statistics of %(period)s are attached.", period=key
                ),
                attachments=files,
            )
        Parameter.set_param(SENT_PARAMETER, key)
        return True
