from datetime import date

from werkzeug.exceptions import BadRequest, NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import content_disposition, request

XLSX_KINDS = ("register", "closing", "monthly", "annual")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Years a period may span: the annual report compares with the year before.
MIN_YEAR, MAX_YEAR = 2000, 2999


class ComplaintSpreadsheets(http.Controller):
    @http.route("/complaint_management/xlsx/<string:kind>", type="http", auth="user", methods=["GET"], readonly=True)
    def download(self, kind, date_from, date_to, company_ids="", **_kwargs):
        """One of the four spreadsheet files, built with the user's rights: QA and managers
        only, and only for companies the user belongs to. It only reads, so a deployment with a
        read replica builds it there."""
        if kind not in XLSX_KINDS:
            raise NotFound()
        env = request.env
        if not env.user.has_group("complaint_management.group_complaint_qa"):
            raise AccessError(env._("Only QA and complaint managers download the complaint statistics."))
        try:
            companies = [int(c) for c in company_ids.split(",") if c.strip()] or env.companies.ids
            start, end = date.fromisoformat(date_from), date.fromisoformat(date_to)
        except ValueError as error:
            raise BadRequest(env._("Give the period as dates and the companies as numbers.")) from error
        if not (MIN_YEAR <= start.year and end.year <= MAX_YEAR and start <= end):
            raise BadRequest(env._("Choose a period between %(min)s and %(max)s.", min=MIN_YEAR, max=MAX_YEAR))
        if not set(companies) <= set(env.user.company_ids.ids):
            raise AccessError(env._("You do not belong to all these companies."))
        name, content = (
            env["complaint.xlsx"].with_context(allowed_company_ids=companies).build(kind, start, end, companies)
        )
        return request.make_response(
            content,
            headers=[("Content-Type", XLSX_MIMETYPE), ("Content-Disposition", content_disposition(name))],
        )
