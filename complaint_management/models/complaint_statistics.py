from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain

SENT_PARAMETER = "complaint_management.statistics_sent"
STATISTICS_PERIODS = [("month", "Monthly"), ("half_month", "Half-Monthly"), ("quarter", "Quarterly")]
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

    @api.model
    def _period_bounds(self, period, day):
        """(first, last day) of the month, half month (1st-15th, 16th-end) or quarter holding ``day``."""
        first, last = self._month_bounds(day)
        if period == "half_month":
            middle = first.replace(day=15)
            return (first, middle) if day <= middle else (middle + relativedelta(days=1), last)
        if period == "quarter":
            first = first.replace(month=(day.month - 1) // 3 * 3 + 1)
            return first, first + relativedelta(months=3, days=-1)
        return first, last

    @api.model
    def _previous_period(self, period, day):
        """The period of that kind that ended last before ``day``."""
        first, _last = self._period_bounds(period, day)
        return self._period_bounds(period, first - relativedelta(days=1))

    @staticmethod
    def _period_key(period, first):
        """2026-10 (month), 2026-10-H2 (second half of October), 2026-Q4."""
        if period == "half_month":
            return f"{first:%Y-%m}-H{1 if first.day == 1 else 2}"
        if period == "quarter":
            return f"{first.year}-Q{(first.month - 1) // 3 + 1}"
        return f"{first:%Y-%m}"

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
        """When a company's period (month, half month or quarter) has ended, send its register
        (情况登记表) and statistics to the company's complaint managers; once a year has ended,
        also the annual report. Each company remembers the last period sent: once only."""
        today = today or fields.Date.context_today(self)
        Parameter = self.env["ir.config_parameter"].sudo()
        legacy = Parameter.get_param(SENT_PARAMETER)  # the month last sent, before periods per company
        managers = self.env.ref("complaint_management.group_complaint_manager").all_user_ids.filtered(
            lambda u: u.active and not u.share
        )
        Xlsx = self.env["complaint.xlsx"]
        sent = False
        for company in self.env["res.company"].search([]):
            period = company.complaint_statistics_period or "month"
            period_start, period_end = self._previous_period(period, today)
            key = self._period_key(period, period_start)
            parameter = f"{SENT_PARAMETER}.{company.id}"
            if Parameter.get_param(parameter, legacy) == key:
                continue
            recipients = managers.filtered(lambda u, company=company: company in u.company_ids)
            if recipients:
                lang = company.partner_id.lang or "en_US"
                Files = Xlsx.with_context(lang=lang)
                files = [Files.build(kind, period_start, period_end, company.ids) for kind in ("register", "monthly")]
                if period_end.month == 12 and period_end.day == 31:
                    files.append(Files.build("annual", period_end.replace(month=1, day=1), period_end, company.ids))
                env = self.with_context(lang=lang).env
                self.env["mail.thread"].message_notify(
                    partner_ids=recipients.partner_id.ids,
                    subject=env._("%(company)s: complaint statistics %(period)s", company=company.name, period=key),
                    body=env._("The complaint register and statistics of %(period)s are attached.", period=key),
                    attachments=files,
                )
                sent = True
            Parameter.set_param(parameter, key)
        return sent
