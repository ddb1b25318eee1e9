"""The customers' portal: My Complaints, a complaint's page, filing from an order.

Portal users get no access right on complaints: every page checks that the complaint belongs
to the user's commercial entity (or that the link's access token matches, in constant time),
then reads it as the server and shows only what the templates choose: never internal notes,
the investigation or compensations under discussion. Once answered, the customer downloads the
complaint handling form (客户投诉处理单), the official form the reply sends them anyway."""

import math

from werkzeug.urls import url_encode

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import consteq
from odoo.tools.mimetypes import guess_mimetype

from ..models.customer_complaint import DEMANDS

# No complaint concerns more units than this; larger numbers are typing errors (or probes).
MAX_QUANTITY = 1e9


class ComplaintPortal(CustomerPortal):
    # ------------------------------------------------------------------ access
    def _complaint_domain(self):
        return [("commercial_partner_id", "=", request.env.user.commercial_partner_id.id)]

    def _complaint_check_access(self, complaint_id, access_token=None):
        """The complaint, as the server, if the user's commercial entity filed it or the link's
        token is its own; else AccessError (MissingError when it does not exist)."""
        complaint = request.env["customer.complaint"].sudo().browse(complaint_id).exists()
        if not complaint:
            raise MissingError(request.env._("This complaint does not exist."))
        if access_token:
            if complaint.access_token and consteq(complaint.access_token, str(access_token)):
                return complaint
            raise AccessError(request.env._("This link is not valid."))
        user = request.env.user
        entity = complaint.commercial_partner_id
        if not user._is_public() and entity and entity == user.commercial_partner_id:
            return complaint
        raise AccessError(request.env._("This complaint is not yours."))

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            values["complaint_count"] = request.env["customer.complaint"].sudo().search_count(self._complaint_domain())
        return values

    # ------------------------------------------------------------------ list
    def _complaint_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "date_received desc, id desc"},
            "name": {"label": env._("Number"), "order": "name desc"},
            "status": {"label": env._("Status"), "order": "state, date_received desc"},
        }

    def _complaint_searches(self):
        env = request.env
        return {
            "all": {"input": "all", "label": env._("Search in All")},
            "name": {"input": "name", "label": env._("Search in Number")},
            "product": {"input": "product", "label": env._("Search in Products")},
            "order": {"input": "order", "label": env._("Search in Order")},
        }

    def _complaint_search_domain(self, search_in, search):
        fields_by_input = {
            "name": ["name"],
            "product": ["line_ids.product_id.name", "product_id.name"],
            "order": ["sale_order_id.name"],
        }
        names = fields_by_input.get(search_in) or [name for names in fields_by_input.values() for name in names]
        domain = []
        for name in names:
            domain = ["|", *domain, (name, "ilike", search)] if domain else [(name, "ilike", search)]
        return domain

    @http.route(["/my/complaints", "/my/complaints/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_complaints(self, page=1, sortby="date", search_in="all", search=None, **kwargs):
        Complaint = request.env["customer.complaint"].sudo()
        sortings = self._complaint_sortings()
        sortby = sortby if sortby in sortings else "date"
        searches = self._complaint_searches()
        search_in = search_in if search_in in searches else "all"
        domain = self._complaint_domain()
        if search:
            domain += self._complaint_search_domain(search_in, search)
        pager = portal_pager(
            url="/my/complaints",
            url_args={"sortby": sortby, "search_in": search_in, "search": search},
            total=Complaint.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        complaints = Complaint.search(
            domain, order=sortings[sortby]["order"], limit=self._items_per_page, offset=pager["offset"]
        )
        request.session["my_complaints_history"] = complaints.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaints": complaints,
                "page_name": "complaint",
                "pager": pager,
                "default_url": "/my/complaints",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_inputs": searches,
                "search_in": search_in,
                "search": search,
            }
        )
        return request.render("complaint_management.portal_my_complaints", values)

    # ------------------------------------------------------------------ one complaint
    @http.route(["/my/complaints/<int:complaint_id>"], type="http", auth="public", website=True)
    def portal_complaint_page(self, complaint_id, access_token=None, report_type=None, download=False, **kwargs):
        try:
            complaint = self._complaint_check_access(complaint_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("html", "pdf") and complaint.portal_status in ("answered", "closed"):
            return self._show_report(
                complaint.with_context(lang=complaint._report_lang()),
                report_type,
                "complaint_management.action_report_complaint_handling",
                download=download,
            )
        values = self._prepare_portal_layout_values()
        values = self._get_page_view_values(complaint, access_token, values, "my_complaints_history", False, **kwargs)
        # the chatter reads and posts with the complaint's own token: the customer has no
        # access right on complaints themselves
        values.update(
            {
                "complaint": complaint,
                "page_name": "complaint",
                "token": complaint._portal_ensure_token(),
                "access_token": access_token,
                "error": request.session.pop("complaint_portal_error", None),
                "rating_token": complaint._portal_rating_token(),
            }
        )
        return request.render("complaint_management.portal_complaint_page", values)

    @http.route(
        ["/my/complaints/<int:complaint_id>/answer"], type="http", auth="public", methods=["POST"], website=True
    )
    def portal_complaint_answer(self, complaint_id, access_token=None, answer=None, reason=None, **kwargs):
        """The customer accepts the solution (the closing confirmation) or says why not."""
        complaint = self._complaint_check_access(complaint_id, access_token)
        query = {"access_token": access_token} if access_token else {}
        env = request.env
        try:
            with env.cr.savepoint():
                if answer == "accept":
                    complaint._portal_accept_solution()
                elif answer == "reject":
                    complaint._portal_reject_solution(reason)
                else:
                    raise UserError(env._("Accept the solution or tell us why not."))
        except UserError as error:
            # the customer is told what to do, never the internal reason (pending actions…)
            reason_missing = answer == "reject" and not (reason or "").strip()
            request.session["complaint_portal_error"] = (
                str(error)
                if reason_missing or answer not in ("accept", "reject")
                else env._("We cannot close your complaint yet: our team still has work in progress on it.")
            )
        return request.redirect(f"/my/complaints/{complaint.id}?{url_encode(query)}#complaint_answer")

    # ------------------------------------------------------------------ filing
    def _portal_files(self):
        """(name, type judged from the content, bytes): the browser's claim is not trusted."""
        files = []
        for upload in request.httprequest.files.getlist("attachments"):
            if upload.filename:
                content = upload.read()
                files.append((upload.filename, guess_mimetype(content), content))
        return files

    def _order_lines_offered(self, order):
        """The order's delivered lines (move and lot) a customer may complain about."""
        return [line for line in order._prepare_complaint_lines() if line.get("move_id")]

    def _customer_order(self, order_id, access_token=None):
        order = self._document_check_access("sale.order", order_id, access_token=access_token)
        if order.state != "sale":
            raise AccessError(request.env._("Complaints are filed on confirmed orders."))
        return order

    def _file_form_values(self, order=None, error=None, posted=None):
        values = self._prepare_portal_layout_values()
        lines = self._order_lines_offered(order) if order else []
        products = request.env["product.product"].sudo().browse([line["product_id"] for line in lines])
        lots = request.env["stock.lot"].sudo().browse([line["lot_id"] for line in lines if line.get("lot_id")])
        values.update(
            {
                "order": order,
                "lines": [
                    {
                        **line,
                        "product": products.browse(line["product_id"]),
                        "lot": lots.browse(line.get("lot_id") or []),
                    }
                    for line in lines
                ],
                "demands": [(key, label) for key, label in self._demand_labels()],
                "error": error,
                "posted": posted or {},
                "page_name": "complaint_new",
            }
        )
        return values

    def _demand_labels(self):
        field = request.env["customer.complaint"]._fields["demand"]
        labels = dict(field._description_selection(request.env))
        return [(key, labels[key]) for key, _label in DEMANDS]

    @http.route(["/my/complaints/new"], type="http", auth="user", methods=["GET", "POST"], website=True)
    def portal_complaint_new(self, **post):
        """A complaint not tied to one order (delivery, service, staff…)."""
        if request.httprequest.method == "GET":
            return request.render("complaint_management.portal_complaint_file", self._file_form_values())
        return self._file(post)

    @http.route(
        ["/my/orders/<int:order_id>/complaint"], type="http", auth="user", methods=["GET", "POST"], website=True
    )
    def portal_order_complaint(self, order_id, access_token=None, **post):
        """File a complaint about delivered goods of one of the customer's orders."""
        try:
            order = self._customer_order(order_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if request.httprequest.method == "GET":
            return request.render("complaint_management.portal_complaint_file", self._file_form_values(order))
        return self._file(post, order)

    def _file(self, post, order=None):
        env = request.env
        user = env.user
        try:
            description = (post.get("description") or "").strip()
            if not description:
                raise UserError(env._("Tell us what happened."))
            lines = []
            for index, line in enumerate(self._order_lines_offered(order) if order else []):
                try:
                    quantity = float(post.get(f"qty_{index}") or 0)
                except ValueError as error:
                    raise UserError(env._("Quantities are numbers.")) from error
                if not math.isfinite(quantity) or abs(quantity) > MAX_QUANTITY:
                    raise UserError(env._("Quantities are numbers."))
                if quantity < 0:
                    raise UserError(env._("Quantities cannot be negative."))
                if quantity:
                    lines.append((0, 0, {**line, "quantity": quantity}))
            if order and not lines:
                raise UserError(env._("Give the quantity of at least one product you complain about."))
            demand = post.get("demand") if post.get("demand") in dict(DEMANDS) else False
            values = {
                "partner_id": user.partner_id.id,
                "company_id": (order.company_id if order else env.company).id,
                "description": description,
                "demand": demand,
                "demand_note": (post.get("demand_note") or "").strip() or False,
                "contact_name": user.partner_id.name,
                "contact_email": user.partner_id.email,
                "contact_phone": (post.get("phone") or "").strip() or user.partner_id.phone,
            }
            if order:
                values.update(
                    {
                        "sale_order_id": order.id,
                        "salesperson_id": order.user_id.id,
                        "currency_id": order.currency_id.id,
                        "line_ids": lines,
                    }
                )
            with env.cr.savepoint():
                complaint = env["customer.complaint"]._portal_file(values, self._portal_files())
        except UserError as error:
            values = self._file_form_values(order, error=str(error), posted=post)
            return request.render("complaint_management.portal_complaint_file", values)
        return request.redirect(f"/my/complaints/{complaint.id}?filed=1")
