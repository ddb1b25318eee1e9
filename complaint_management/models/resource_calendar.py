import bisect
from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import models
from odoo.tools.intervals import Intervals

# Working time read at once when planning deadlines, doubled until every deadline is found.
PLAN_WINDOW = timedelta(days=14)
PLAN_LIMIT = timedelta(days=1400)


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _makeup_days(self, date_from, date_to):
        """The make-up days of this schedule (or of all schedules of its company) in the range."""
        self.ensure_one()
        return (
            self.env["resource.calendar.makeup.day"]
            .sudo()
            .search(
                [
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                    ("company_id", "=", (self.company_id or self.env.company).id),
                    ("calendar_id", "in", [False, self.id]),
                ]
            )
        )

    def _attendance_intervals_batch(self, start_dt, end_dt, resources=None, domain=None, tz=None, lunch=False):
        """Add the make-up working days (调休) to the schedule's attendances: whatever plans or
        counts working time (deadlines, durations) then treats them as working days."""
        result = super()._attendance_intervals_batch(start_dt, end_dt, resources, domain=domain, tz=tz, lunch=lunch)
        if lunch or self.flexible_hours:
            return result
        # One day of margin on each side: the range is in UTC, the days in the schedule's zone.
        makeup_days = self._makeup_days(start_dt.date() - timedelta(days=1), end_dt.date() + timedelta(days=1))
        if not makeup_days:
            return result
        resources_list = [*(resources or []), self.env["resource.resource"]]
        attendances = self.attendance_ids.filtered(lambda a: not a.display_type and a.day_period != "lunch")
        for resource in resources_list:
            zone = tz or timezone((resource or self).tz)
            extra = []
            for day in makeup_days:
                for attendance in attendances.filtered(lambda a, d=day: a.dayofweek == d.worked_like):
                    midnight = datetime.combine(day.date, time())
                    start = zone.localize(midnight + timedelta(hours=attendance.hour_from))
                    stop = zone.localize(midnight + timedelta(hours=attendance.hour_to))
                    start, stop = max(start, start_dt.astimezone(zone)), min(stop, end_dt.astimezone(zone))
                    if start < stop:
                        extra.append((start, stop, attendance))
            if extra:
                result[resource.id] = Intervals(list(result[resource.id]) + extra, keep_distinct=True)
        return result

    # Deadlines are stored as naive UTC datetimes, like every Odoo datetime.
    def _complaint_plan(self, start, hours):
        """The moment ``hours`` working hours after ``start``, public holidays and make-up days included."""
        return self._complaint_plan_batch([(start, hours)])[0]

    def _complaint_plan_batch(self, requests):
        """``_complaint_plan`` for a list of ``(start, hours)``: the working time is read once
        for the span of all requests (and again only for those it does not cover), not per
        request. Returns the deadlines in the order of the requests (False beyond ~4 years)."""
        self.ensure_one()
        results = [False] * len(requests)
        # (index, start, hours left), start as aware UTC
        pending = [(i, utc.localize(start), hours) for i, (start, hours) in enumerate(requests) if hours >= 0]
        if not pending:
            return results
        origin = min(start for _i, start, _h in pending)
        window_from, window_to = origin, max(start for _i, start, _h in pending) + PLAN_WINDOW
        while pending and window_from - origin < PLAN_LIMIT:
            intervals = [(a, b) for a, b, _meta in self._work_intervals_batch(window_from, window_to)[False]]
            stops = [b for _a, b in intervals]
            left = []
            for index, start, hours in pending:
                for a, b in intervals[bisect.bisect_right(stops, start) :]:
                    a = max(a, start)
                    length = (b - a).total_seconds() / 3600
                    if hours <= length:
                        results[index] = (a + timedelta(hours=hours)).astimezone(utc).replace(tzinfo=None)
                        break
                    hours -= length
                else:
                    left.append((index, window_to, hours))
            pending = left
            window_from, window_to = window_to, window_to + (window_to - window_from)  # double it
        return results

    def _complaint_work_hours(self, start, end):
        """Working hours between two naive UTC datetimes."""
        return self._complaint_work_hours_batch([(start, end)])[0]

    def _complaint_work_hours_batch(self, spans):
        """``_complaint_work_hours`` for a list of ``(start, end)``, the working time read once."""
        self.ensure_one()
        valid = [(utc.localize(a), utc.localize(b)) for a, b in spans if a and b and b > a]
        if not valid:
            return [0.0] * len(spans)
        intervals = [
            (a, b)
            for a, b, _meta in self._work_intervals_batch(min(a for a, _b in valid), max(b for _a, b in valid))[False]
        ]
        stops = [b for _a, b in intervals]
        results = []
        for a, b in spans:
            if not a or not b or b <= a:
                results.append(0.0)
                continue
            a, b = utc.localize(a), utc.localize(b)
            total = 0.0
            for start, stop in intervals[bisect.bisect_right(stops, a) :]:
                if start >= b:
                    break
                total += (min(stop, b) - max(start, a)).total_seconds() / 3600
            results.append(total)
        return results
