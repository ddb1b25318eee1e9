import io
from datetime import datetime, time

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import html2plaintext

from .complaint_statistics import RATE_MEASURES

CHUNK = 2000
STAT_WIDTHS = [30, 11, 9, 14, 14, 12, 12, 12, 10, 10]
PARETO_WIDTHS = [30, 11, 9, 11, 14, 14]
REGISTER_FIELDS = [
    "name",
    "date_received",
    "date_registered",
    "channel",
    "partner_id",
    "sale_order_id",
    "product_id",
    "category_id",
    "severity",
    "level",
    "description",
    "claimed_amount",
    "department_id",
    "user_id",
    "stage_id",
    "is_anonymous",
    "contact_name",
    "contact_phone",
    "contact_email",
    "demand",
    "demand_note",
    "disposal_proposal",
    "agreed_solution",
    "direct_solution",
    "proposed_solution",
    "date_replied",
    "date_closed",
]
CLOSING_FIELDS = [
    "confirmation_method",
    "date_confirmation",
    "user_id",
    "agreed_solution",
    "date_solution_implemented",
    "provisional_reason",
    "provisional_progress",
    "proposed_solution",
    "withdraw_reason",
    "is_withdraw_voluntary",
    "satisfaction",
    "is_anonymous",
    "partner_id",
    "contact_name",
]


class ComplaintXlsx(models.AbstractModel):
    """The four spreadsheet files (xlsxwriter), with headers and sheet names in the user's
    language; the register streams its rows (constant memory, records read in chunks)."""

    _name = "complaint.xlsx"
    _description = "Complaint Spreadsheets"
    _inherit = "complaint.statistics"

    # ------------------------------------------------------------------ workbook helpers
    def _workbook(self, stream, constant_memory=False):
        # user text (names, descriptions) is written as text: never a formula or a link
        book = xlsxwriter.Workbook(
            stream,
            {
                "in_memory": not constant_memory,
                "constant_memory": constant_memory,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        formats = {
            "title": book.add_format({"bold": True, "font_size": 14}),
            "head": book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}),
            "text": book.add_format({"border": 1}),
            "wrap": book.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
            "date": book.add_format({"border": 1, "num_format": "yyyy-mm-dd"}),
            "datetime": book.add_format({"border": 1, "num_format": "yyyy-mm-dd hh:mm"}),
            "int": book.add_format({"border": 1, "num_format": "0"}),
            "amount": book.add_format({"border": 1, "num_format": "#,##0.00"}),
            "days": book.add_format({"border": 1, "num_format": "0.0"}),
            "percent": book.add_format({"border": 1, "num_format": "0.0%"}),
            "total": book.add_format({"bold": True, "border": 1, "num_format": "0"}),
        }
        return book, formats

    def _sheet(self, book, f, name, title, headers, widths):
        """A sheet with its title row, header row frozen, autofilter and column widths."""
        sheet = book.add_worksheet(name[:31])
        sheet.write(0, 0, title, f["title"])
        for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.write(2, col, header, f["head"])
            sheet.set_column(col, col, width)
        sheet.freeze_panes(3, 0)
        return sheet

    @staticmethod
    def _write(sheet, row, col, value, fmt):
        """A cell, left blank (but formatted) when there is no value."""
        if value is None or value is False:
            sheet.write_blank(row, col, None, fmt)
        else:
            sheet.write(row, col, value, fmt)

    def _write_rate(self, sheet, row, col, rate, f):
        """A rate of the statistics (0 to 100) as a percentage cell."""
        self._write(sheet, row, col, None if rate is None else rate / 100, f["percent"])

    def _labels(self, model, field):
        return dict(self.env[model]._fields[field]._description_selection(self.env))

    # ------------------------------------------------------------------ files
    @api.model
    def build(self, kind, date_from, date_to, company_ids):
        """(file name, content) of one of the four files for the period and companies."""
        if not self.env.su and not self.env.user.has_group("complaint_management.group_complaint_qa"):
            raise AccessError(self.env._("Only QA and complaint managers download the complaint statistics."))
        builder = {
            "register": self._build_register,
            "closing": self._build_closing,
            "monthly": self._build_monthly,
            "annual": self._build_annual,
        }[kind]
        stream = io.BytesIO()
        name = builder(stream, date_from, date_to, company_ids)
        return f"{name}.xlsx", stream.getvalue()

    def _build_register(self, stream, date_from, date_to, company_ids):
        title = self.env._("Customer Complaint Register")
        book, f = self._workbook(stream, constant_memory=True)
        headers = [
            self.env._("No."),
            self.env._("Received On"),
            self.env._("Registered On"),
            self.env._("Channel"),
            self.env._("Customer"),
            self.env._("Sales Order"),
            self.env._("Product"),
            self.env._("Category"),
            self.env._("Severity"),
            self.env._("Level"),
            self.env._("Complaint"),
            self.env._("Claimed Amount"),
            self.env._("Department"),
            self.env._("Handler"),
            self.env._("Stage"),
            self.env._("Contact"),
            self.env._("Customer's Demand"),
            self.env._("Handling Plan"),
            self.env._("Handling Result"),
            self.env._("Replied On"),
            self.env._("Closed On"),
        ]
        widths = [15, 16, 16, 12, 28, 12, 28, 20, 10, 8, 50, 14, 16, 16, 14, 28, 30, 40, 40, 16, 16]
        sheet = self._sheet(book, f, self.env._("Register"), title, headers, widths)
        channels = self._labels("customer.complaint", "channel")
        severities = self._labels("customer.complaint", "severity")
        levels = self._labels("customer.complaint", "level")
        demands = self._labels("customer.complaint", "demand")
        Complaint = self.env["customer.complaint"].with_context(active_test=False)  # filed (归档) ones too
        domain = self._period_domain("date_received", date_from, date_to, company_ids)
        ids = Complaint._search(domain, order="date_received, id").get_result_ids()
        row = 3
        for start in range(0, len(ids), CHUNK):
            complaints = Complaint.browse(ids[start : start + CHUNK])
            complaints.fetch(REGISTER_FIELDS)
            for c in complaints:
                values = [
                    (c.name, f["text"]),
                    (self._user_datetime(c.date_received), f["datetime"]),
                    (self._user_datetime(c.date_registered), f["datetime"]),
                    (channels.get(c.channel, ""), f["text"]),
                    (c._printed_customer(), f["text"]),
                    (c.sale_order_id.name or "", f["text"]),
                    (c.product_id.display_name or "", f["text"]),
                    (c.category_id.display_name or "", f["text"]),
                    (severities.get(c.severity, ""), f["text"]),
                    (levels.get(c.level, ""), f["text"]),
                    (html2plaintext(c.description or "")[:500], f["wrap"]),
                    (c.claimed_amount, f["amount"]),
                    (c.department_id.name or "", f["text"]),
                    (c.user_id.name or "", f["text"]),
                    (c.stage_id.name or "", f["text"]),
                    (c._printed_contact(masked=True), f["text"]),
                    (" ".join(filter(None, (demands.get(c.demand), c.demand_note))), f["wrap"]),
                    (c.disposal_proposal or "", f["wrap"]),
                    (c._handling_result(), f["wrap"]),
                    (self._user_datetime(c.date_replied), f["datetime"]),
                    (self._user_datetime(c.date_closed), f["datetime"]),
                ]
                for col, (value, fmt) in enumerate(values):
                    self._write(sheet, row, col, value, fmt)
                row += 1
            self.env.invalidate_all()  # keep memory flat however many complaints
        sheet.autofilter(2, 0, max(row - 1, 2), len(headers) - 1)
        book.close()
        return title

    def _user_datetime(self, value):
        """A UTC datetime as the user's local time (spreadsheets have no time zones)."""
        if not value:
            return None
        return fields.Datetime.context_timestamp(self, value).replace(tzinfo=None)

    def _build_closing(self, stream, date_from, date_to, company_ids):
        title = self.env._("Complaint Closing Register")
        book, f = self._workbook(stream)
        headers = [
            self.env._("No."),
            self.env._("Customer"),
            self.env._("Received On"),
            self.env._("Closed On"),
            self.env._("Close Type"),
            self.env._("Customer Confirmation"),
            self.env._("Confirmed On"),
            self.env._("Days Taken"),
            self.env._("On Time"),
            self.env._("Handler"),
            self.env._("Solution Agreed"),
            self.env._("Compensation"),
            self.env._("Solution Carried Out On"),
            self.env._("Reason for Provisional Closing"),
            self.env._("Progress So Far"),
            self.env._("Solution Proposed"),
            self.env._("Reason for Withdrawal"),
            self.env._("Withdrawn Voluntarily"),
            self.env._("Satisfaction"),
        ]
        widths = [15, 28, 16, 16, 16, 16, 12, 10, 8, 16, 36, 30, 12, 30, 30, 30, 30, 10, 12]
        sheet = self._sheet(book, f, self.env._("Closing"), title, headers, widths)
        domain = self._period_domain("date_closed", date_from, date_to, company_ids) & Domain("close_type", "!=", False)
        rows = self.env["customer.complaint.report"].search_fetch(
            domain,
            [
                "name",
                "partner_id",
                "date_received",
                "date_closed",
                "close_type",
                "days_to_close",
                "close_on_time",
                "complaint_id",
            ],
            order="date_closed, id",
        )
        close_types = self._labels("customer.complaint.report", "close_type")
        methods = self._labels("customer.complaint", "confirmation_method")
        satisfactions = self._labels("customer.complaint", "satisfaction")
        complaints = rows.complaint_id
        complaints.fetch(CLOSING_FIELDS)
        complaints.compensation_ids.fetch(["comp_type", "description", "amount", "currency_id", "state"])
        yes, no = self.env._("Yes"), self.env._("No")
        for row, rec in enumerate(rows, start=3):
            complaint = rec.complaint_id
            on_time = "" if rec.close_type == "withdrawn" else (yes if rec.close_on_time else no)
            sheet.write(row, 0, rec.name, f["text"])
            sheet.write(row, 1, complaint._printed_customer(), f["text"])
            sheet.write(row, 2, self._user_datetime(rec.date_received), f["datetime"])
            sheet.write(row, 3, self._user_datetime(rec.date_closed), f["datetime"])
            sheet.write(row, 4, close_types.get(rec.close_type, ""), f["text"])
            sheet.write(row, 5, methods.get(complaint.confirmation_method, ""), f["text"])
            self._write(sheet, row, 6, complaint.date_confirmation, f["date"])
            sheet.write(row, 7, rec.days_to_close, f["days"])
            sheet.write(row, 8, on_time, f["text"])
            withdrawn = rec.close_type == "withdrawn"
            values = [
                (complaint.user_id.name or "", f["text"]),
                (complaint.agreed_solution or "", f["wrap"]),
                (html2plaintext(complaint._compensation_summary()), f["wrap"]),
                (complaint.date_solution_implemented, f["date"]),
                (complaint.provisional_reason or "", f["wrap"]),
                (complaint.provisional_progress or "", f["wrap"]),
                (complaint.proposed_solution or "", f["wrap"]),
                (complaint.withdraw_reason or "", f["wrap"]),
                ((yes if complaint.is_withdraw_voluntary else no) if withdrawn else "", f["text"]),
                (satisfactions.get(complaint.satisfaction, ""), f["text"]),
            ]
            for col, (value, fmt) in enumerate(values, start=9):
                self._write(sheet, row, col, value, fmt)
        sheet.autofilter(2, 0, max(len(rows) + 2, 2), len(headers) - 1)
        book.close()
        return title

    # ------------------------------------------------------------------ statistics
    def _stat_headers(self, dimension_label):
        return [
            dimension_label,
            self.env._("Number of Complaints"),
            self.env._("Share"),
            self.env._("Claimed Amount"),
            self.env._("Approved Compensation"),
            self.env._("Registered on Time"),
            self.env._("Replied on Time"),
            self.env._("Closed on Time"),
            self.env._("Satisfied"),
            self.env._("Followed Up"),
        ]

    def _write_stat_rows(self, sheet, f, rows, total, start_row=3, label=None):
        for offset, (group, count, claimed, compensation, *rates) in enumerate(rows):
            row = start_row + offset
            name = label(group) if label else (group.display_name if group else self.env._("Undefined"))
            sheet.write(row, 0, name, f["text"])
            sheet.write(row, 1, count, f["int"])
            sheet.write(row, 2, count / total if total else 0, f["percent"])
            sheet.write(row, 3, claimed, f["amount"])
            sheet.write(row, 4, compensation, f["amount"])
            for col, rate in enumerate(rates, start=5):
                self._write_rate(sheet, row, col, rate, f)
        return start_row + len(rows)

    def _build_monthly(self, stream, date_from, date_to, company_ids):
        title = self.env._("Customer Complaint Statistics")
        book, f = self._workbook(stream)
        domain = self._period_domain("date_received", date_from, date_to, company_ids)
        total, claimed, compensation, *rates = self._totals(domain)
        channels = self._labels("customer.complaint.report", "channel")
        severities = self._labels("customer.complaint.report", "severity")
        levels = self._labels("customer.complaint.report", "level")
        undefined = self.env._("Undefined")
        dimensions = [
            ("parent_category_id", self.env._("By Category"), self.env._("Category"), None),
            ("department_id", self.env._("By Department"), self.env._("Department"), None),
            ("product_id", self.env._("By Product"), self.env._("Product"), None),
            ("partner_id", self.env._("By Customer"), self.env._("Customer"), None),
            ("channel", self.env._("By Channel"), self.env._("Channel"), lambda v: channels.get(v, "")),
            ("severity", self.env._("By Severity"), self.env._("Severity"), lambda v: severities.get(v, undefined)),
            ("level", self.env._("By Level"), self.env._("Level"), lambda v: levels.get(v, undefined)),
            (
                "responsible_department_id",
                self.env._("By Department at Fault"),
                self.env._("Department at Fault"),
                None,
            ),
            ("state_id", self.env._("By Region"), self.env._("Province or Region"), None),
        ]
        period = f"{date_from} – {date_to}"
        for field, sheet_name, label, formatter in dimensions:
            headers = self._stat_headers(label)
            sheet = self._sheet(book, f, sheet_name, f"{title} {period}", headers, STAT_WIDTHS)
            rows = self._grouped(domain, field)
            end = self._write_stat_rows(sheet, f, rows, total, label=formatter)
            sheet.write(end, 0, self.env._("Total"), f["head"])
            sheet.write(end, 1, total, f["total"])
            sheet.write(end, 3, claimed, f["amount"])
            sheet.write(end, 4, compensation, f["amount"])
            for col, rate in enumerate(rates, start=5):
                self._write_rate(sheet, end, col, rate, f)
            sheet.autofilter(2, 0, max(end - 1, 2), len(headers) - 1)
            if rows:
                chart = self._count_chart(book, sheet, end)
                chart.set_legend({"none": True})
                chart.set_title({"name": sheet_name})
                sheet.insert_chart(2, len(headers) + 1, chart)
        self._write_paretos(book, f, domain, f"{title} {period}")
        self._write_backlog(book, f, date_to, company_ids, f"{title} {period}")
        book.close()
        return title

    def _count_chart(self, book, sheet, end):
        """A column chart of the counts (column B) of the rows from the 4th to ``end``."""
        chart = book.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": self.env._("Number of Complaints"),
                "categories": [sheet.get_name(), 3, 0, end - 1, 0],
                "values": [sheet.get_name(), 3, 1, end - 1, 1],
            }
        )
        return chart

    def _write_paretos(self, book, f, domain, title):
        """The main causes (人机料法测环) and the suppliers at fault of the period, most frequent
        first, with their cumulative share: the Pareto the monthly review reads (003 五)."""
        causes = self._labels("customer.complaint.report", "root_cause_category")
        for field, sheet_name, label, formatter in (
            ("root_cause_category", self.env._("Pareto of Causes"), self.env._("Cause Lies In"), causes.get),
            ("supplier_id", self.env._("Pareto of Suppliers"), self.env._("Supplier at Fault"), None),
        ):
            headers = [
                label,
                self.env._("Number of Complaints"),
                self.env._("Share"),
                self.env._("Cumulative Share"),
                self.env._("Claimed Amount"),
                self.env._("Approved Compensation"),
            ]
            sheet = self._sheet(book, f, sheet_name, title, headers, PARETO_WIDTHS)
            rows = self._grouped(domain & Domain(field, "!=", False), field)
            analysed = sum(row[1] for row in rows)
            cumulated = 0
            for row, (group, count, claimed, compensation, *_rates) in enumerate(rows, start=3):
                cumulated += count
                sheet.write(row, 0, formatter(group) if formatter else group.display_name, f["text"])
                sheet.write(row, 1, count, f["int"])
                sheet.write(row, 2, count / analysed, f["percent"])
                sheet.write(row, 3, cumulated / analysed, f["percent"])
                sheet.write(row, 4, claimed, f["amount"])
                sheet.write(row, 5, compensation, f["amount"])
            end = 3 + len(rows)
            sheet.write(end, 0, self.env._("Total"), f["head"])
            sheet.write(end, 1, analysed, f["total"])
            if rows:
                chart = self._count_chart(book, sheet, end)
                line = book.add_chart({"type": "line"})
                line.add_series(
                    {
                        "name": self.env._("Cumulative Share"),
                        "categories": [sheet.get_name(), 3, 0, end - 1, 0],
                        "values": [sheet.get_name(), 3, 3, end - 1, 3],
                        "y2_axis": True,
                        "marker": {"type": "circle"},
                    }
                )
                chart.combine(line)
                chart.set_title({"name": sheet_name})
                chart.set_legend({"position": "bottom"})
                sheet.insert_chart(2, len(headers) + 1, chart)

    def _write_backlog(self, book, f, date_to, company_ids, title):
        """The complaints received up to the end of the period and still open, per department:
        how many, how many past a deadline, and since when the oldest waits."""
        Report = self.env["customer.complaint.report"]
        domain = (
            Domain("is_open", "=", True)
            & Domain("date_received", "<", datetime.combine(date_to + relativedelta(days=1), time.min))
            & Domain("company_id", "in", company_ids)
        )
        overdue = dict(Report._read_group(domain & Domain("is_overdue", "=", True), ["department_id"], ["__count"]))
        headers = [
            self.env._("Department"),
            self.env._("Open Complaints"),
            self.env._("Of Which Overdue"),
            self.env._("Oldest Received On"),
        ]
        sheet = self._sheet(book, f, self.env._("Open Backlog"), title, headers, [30, 14, 14, 18])
        rows = Report._read_group(domain, ["department_id"], ["__count", "date_received:min"], order="__count desc")
        for row, (department, count, oldest) in enumerate(rows, start=3):
            sheet.write(row, 0, department.display_name or self.env._("Undefined"), f["text"])
            sheet.write(row, 1, count, f["int"])
            sheet.write(row, 2, overdue.get(department, 0), f["int"])
            self._write(sheet, row, 3, self._user_datetime(oldest), f["datetime"])
        end = 3 + len(rows)
        sheet.write(end, 0, self.env._("Total"), f["head"])
        sheet.write(end, 1, sum(row[1] for row in rows), f["total"])
        sheet.write(end, 2, sum(overdue.values()), f["total"])

    def _build_annual(self, stream, date_from, date_to, company_ids):
        data = self._annual_data(date_from.year, company_ids)
        title = self.env._("Annual Customer Complaint Report %(year)s", year=data["year"])
        book, f = self._workbook(stream)
        columns = data["columns"]
        headers = [self.env._("Month"), *(label for _key, label in columns)]
        headers += [self.env._("Total"), self.env._("Previous Year"), self.env._("Change")]
        sheet = self._sheet(book, f, self.env._("By Month"), title, headers, [10] + [14] * (len(headers) - 1))
        ncat = len(columns)
        for month in range(1, 13):
            row = 2 + month
            sheet.write(row, 0, month, f["int"])
            for col, (key, _label) in enumerate(columns, start=1):
                sheet.write(row, col, data["matrix"].get((month, key), 0), f["int"])
            count = data["months"][month][0] if month in data["months"] else 0
            last = data["last_year"].get(month, 0)
            sheet.write(row, ncat + 1, count, f["total"])
            sheet.write(row, ncat + 2, last, f["int"])
            sheet.write(row, ncat + 3, (count - last) / last if last else 0, f["percent"])
        total_row = 15
        sheet.write(total_row, 0, self.env._("Total"), f["head"])
        for col, (key, _label) in enumerate(columns, start=1):
            column_total = sum(data["matrix"].get((m, key), 0) for m in range(1, 13))
            sheet.write(total_row, col, column_total, f["total"])
        count = data["totals"][0]
        last = data["last_year_total"]
        sheet.write(total_row, ncat + 1, count, f["total"])
        sheet.write(total_row, ncat + 2, last, f["total"])
        sheet.write(total_row, ncat + 3, (count - last) / last if last else 0, f["percent"])

        rate_headers = [
            self.env._("Month"),
            self.env._("Number of Complaints"),
            self.env._("Registered on Time"),
            self.env._("Replied on Time"),
            self.env._("Closed on Time"),
            self.env._("Satisfied"),
            self.env._("Followed Up"),
        ]
        rates = self._sheet(book, f, self.env._("Rates"), title, rate_headers, [10, 11, 12, 12, 12, 10, 10])
        for month in range(1, 13):
            values = data["months"].get(month)
            rates.write(2 + month, 0, month, f["int"])
            rates.write(2 + month, 1, values[0] if values else 0, f["int"])
            for col, rate in enumerate(values[1:] if values else [None] * len(RATE_MEASURES), start=2):
                self._write_rate(rates, 2 + month, col, rate, f)
        rates.write(total_row, 0, self.env._("Total"), f["head"])
        rates.write(total_row, 1, count, f["total"])
        for col, rate in enumerate(data["totals"][3:], start=2):
            self._write_rate(rates, total_row, col, rate, f)

        for rows, sheet_name, label in (
            (data["top_products"], self.env._("Top 10 Products"), self.env._("Product")),
            (data["top_customers"], self.env._("Top 10 Customers"), self.env._("Customer")),
        ):
            top = self._sheet(book, f, sheet_name, title, self._stat_headers(label), STAT_WIDTHS)
            self._write_stat_rows(top, f, rows, count)
        book.close()
        return title
