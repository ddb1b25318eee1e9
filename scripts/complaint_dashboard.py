"""Write complaint_management/data/files/complaints_dashboard.json, the Complaints dashboard of
Odoo's Dashboards app (an o-spreadsheet document), from the description below.

    python scripts/complaint_dashboard.py

Every figure reads the statistics model (customer.complaint.report) through a pivot, so the
dashboard follows the user's record rules and matches the Statistics pivot; the label under each
figure opens the matching list. Texts are wrapped in _t() or are link labels and chart titles,
which Odoo's translation export picks up from files named *_dashboard.json.
"""

import json
import os

MODEL = "customer.complaint.report"
PERIOD_FILTER = "b0c6c1a4-6f0e-4b8e-9d8e-2c1f0a7d3e01"
FIELD_MATCHING = {PERIOD_FILTER: {"chain": "date_received", "type": "date", "offset": 0}}
OPEN = [["is_open", "=", True]]

# (key, label, pivot measure, domain, number format, list domain)
FIGURES = [
    ("open", "Open complaints", "__count", OPEN, "0", OPEN),
    ("overdue", "Overdue", "__count", [["is_overdue", "=", True]], "0", [["is_overdue", "=", True]]),
    ("registered", "Registered within 24 h", "registered_in_24h", [], "0.0%", [["registered_in_24h", "=", 0]]),
    ("replied", "Replied on time", "reply_on_time", [], "0.0%", [["reply_on_time", "=", 0]]),
    ("closed", "Closed on time", "close_on_time", [], "0.0%", [["close_on_time", "=", 0]]),
    ("satisfaction", "Satisfaction rate", "satisfaction_rate", [], "0.0%", [["satisfaction", "!=", False]]),
    ("repeat", "Repeat rate", "repeat_rate", [], "0.0%", [["is_repeat", "=", True]]),
    ("followup", "Follow-up coverage", "followup_rate", [], "0.0%", [["followup_rate", "=", 0]]),
]
PERCENT_MEASURES = {
    "registered_in_24h",
    "reply_on_time",
    "close_on_time",
    "satisfaction_rate",
    "repeat_rate",
    "followup_rate",
}
# (pivot name, row field, link label, header, link cell, name column, value column, first row)
RANKINGS = [
    ("Top Categories", "parent_category_id", "Top categories", "Category", "A", "B", 30),
    ("Top Products", "product_id", "Top products", "Product", "E", "F", 30),
    ("Main Causes", "root_cause_category", "Main causes", "Cause", "A", "B", 44),
    ("Suppliers at Fault", "supplier_id", "Suppliers at fault", "Supplier", "E", "F", 44),
]


def view_link(label, domain, view_type="list", group_by=()):
    action = {
        "domain": domain,
        "context": {"group_by": list(group_by)},
        "modelName": MODEL,
        "views": [[False, view_type], [False, "list"], [False, "pivot"], [False, "graph"], [False, "search"]],
    }
    target = json.dumps({"viewType": view_type, "action": action, "threshold": 0, "name": label}, separators=(",", ":"))
    return f"[{label}](odoo://view/{target})"


def pivot(pivot_id, name, measures, domain=(), rows=(), sorted_measure=None):
    data = {
        "type": "ODOO",
        "fieldMatching": FIELD_MATCHING,
        "context": {},
        "domain": list(domain),
        "id": pivot_id,
        "measures": [{"id": m, "fieldName": m} for m in measures],
        "model": MODEL,
        "name": name,
        "formulaId": pivot_id,
        "columns": [],
        "rows": [{"fieldName": r} for r in rows],
    }
    if sorted_measure:
        data["sortedColumn"] = {"measure": sorted_measure, "order": "desc", "domain": []}
    return data


def top_rows(cells, name_col, value_col, pivot_id, field, label, first_row):
    """A ranked table of a pivot: translated headers, then ten rows of group and count."""
    cells[f"{name_col}{first_row + 1}"] = f'=_t("{label}")'
    cells[f"{value_col}{first_row + 1}"] = '=_t("Complaints")'
    for rank in range(1, 11):
        row = first_row + 1 + rank
        cells[f"{name_col}{row}"] = f'=PIVOT.HEADER({pivot_id},"#{field}",{rank})'
        cells[f"{value_col}{row}"] = f'=PIVOT.VALUE({pivot_id},"__count","#{field}",{rank})'


def build():
    pivots, data_cells, dashboard_cells, figures, menus = {}, {}, {}, [], {}
    for index, (key, label, measure, domain, _fmt, list_domain) in enumerate(FIGURES, start=1):
        pivot_id = str(index)
        pivots[pivot_id] = pivot(pivot_id, f"KPI - {label}", [measure], domain)
        row = index
        data_cells[f"A{row}"] = f'=_t("{label}")'
        value = f'PIVOT.VALUE({pivot_id},"{measure}")'
        data_cells[f"B{row}"] = f"={value}/100" if measure in PERCENT_MEASURES else f"={value}"
        column = "ABCDEFGH"[index - 1]
        dashboard_cells[f"{column}6"] = view_link(label, list_domain)
        chart_id = f"complaints-kpi-{key}"
        figures.append(
            {
                "id": chart_id,
                "width": 150,
                "height": 100,
                "tag": "chart",
                "data": {
                    "title": {"text": label, "bold": True, "color": "#434343"},
                    "type": "scorecard",
                    "background": "#EFF6FF",
                    "keyValue": f"Data!B{row}",
                    "humanize": False,
                    "baselineColorDown": "#DC6965",
                    "baselineColorUp": "#00A04A",
                    "baselineMode": "text",
                    "chartId": chart_id,
                },
                "offset": {"x": (index - 1) * 160, "y": 12},
                "col": 0,
                "row": 0,
            }
        )
        menus[chart_id] = "complaint_management.customer_complaint_report_menu"
    count = len(FIGURES)
    styles = {"A8": 1}
    for offset, (name, field, link, header, name_col, value_col, first_row) in enumerate(RANKINGS, start=1):
        pivot_id = count + offset
        # every complaint counts among the categories ("None" shows those without one); the
        # other rankings count the complaints where the dimension is known
        domain = [] if field == "parent_category_id" else [[field, "!=", False]]
        pivots[str(pivot_id)] = pivot(str(pivot_id), name, ["__count"], domain, [field], "__count")
        dashboard_cells[f"{name_col}{first_row}"] = view_link(link, domain, "pivot", [field])
        top_rows(dashboard_cells, name_col, value_col, pivot_id, field, header, first_row)
        styles[f"{name_col}{first_row}"] = 1
        styles[f"{name_col}{first_row + 1}:{value_col}{first_row + 1}"] = 3
    dashboard_cells["A8"] = view_link("Monthly trend", [], "graph", ["date_received:month"])
    trend_id = "complaints-monthly-trend"
    figures.append(
        {
            "id": trend_id,
            "width": 1100,
            "height": 330,
            "tag": "chart",
            "data": {
                "title": {"text": "Complaints per month"},
                "background": "#FFFFFF",
                "legendPosition": "top",
                "metaData": {
                    "groupBy": ["date_received:month", "parent_category_id"],
                    "measure": "__count",
                    "order": None,
                    "resModel": MODEL,
                    "mode": "bar",
                },
                "searchParams": {
                    "comparison": None,
                    "context": {},
                    "domain": [],
                    "groupBy": ["date_received:month", "parent_category_id"],
                    "orderBy": [],
                },
                "type": "odoo_bar",
                "dataSets": [],
                "verticalAxisPosition": "left",
                "stacked": True,
                "chartId": trend_id,
                "fieldMatching": FIELD_MATCHING,
            },
            "offset": {"x": 0, "y": 200},
            "col": 0,
            "row": 0,
        }
    )
    menus[trend_id] = "complaint_management.customer_complaint_report_menu"
    sheet_defaults = {
        "merges": [],
        "conditionalFormats": [],
        "dataValidationRules": [],
        "tables": [],
        "areGridLinesVisible": False,
        "headerGroups": {"ROW": [], "COL": []},
        "comments": {},
        "borders": {},
        "formats": {},
    }
    return {
        "version": "18.5.10",
        "sheets": [
            {
                **sheet_defaults,
                "id": "complaints-dashboard",
                "name": "Dashboard",
                "colNumber": 8,
                "rowNumber": 60,
                "rows": {},
                # one column under each 150 px figure (160 px apart), so each link sits under its figure
                "cols": {str(c): {"size": 160} for c in range(8)},
                "cells": dashboard_cells,
                "styles": {**styles, "A6:H6": 2},
                "figures": figures,
                "isVisible": True,
            },
            {
                **sheet_defaults,
                "id": "complaints-data",
                "name": "Data",
                "colNumber": 4,
                "rowNumber": 20,
                "rows": {},
                "cols": {"0": {"size": 200}, "1": {"size": 100}},
                "cells": data_cells,
                "styles": {},
                "formats": {f"B{i}": 1 if FIGURES[i - 1][4] == "0" else 2 for i in range(1, count + 1)},
                "figures": [],
                "areGridLinesVisible": True,
                "isVisible": False,
            },
        ],
        "styles": {
            "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
            "2": {"textColor": "#017e84", "align": "center", "underline": True, "wrapping": "wrap"},
            "3": {"textColor": "#434343", "bold": True},
        },
        "formats": {"1": "0", "2": "0.0%"},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {
            "locale": {
                "name": "English (US)",
                "code": "en_US",
                "thousandsSeparator": ",",
                "decimalSeparator": ".",
                "dateFormat": "mm/dd/yyyy",
                "timeFormat": "hh:mm:ss",
                "formulaArgSeparator": ",",
                "weekStart": 7,
            }
        },
        "pivots": pivots,
        "pivotNextId": count + len(RANKINGS) + 1,
        "customTableStyles": {},
        "globalFilters": [{"id": PERIOD_FILTER, "type": "date", "label": "Received", "defaultValue": "year_to_date"}],
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": menus,
    }


if __name__ == "__main__":
    path = os.path.join(
        os.path.dirname(__file__), "..", "complaint_management", "data", "files", "complaints_dashboard.json"
    )
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(build(), f, indent=1, ensure_ascii=False)
        f.write("\n")
