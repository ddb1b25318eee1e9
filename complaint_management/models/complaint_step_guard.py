import contextvars
from contextlib import contextmanager

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

# The private path of the steps: the models whose step-only fields the running step may write.
# A context variable of this process, not a key of the record's context: nothing a client
# sends over RPC (context, values, ids) can set it.
_STEPPING = contextvars.ContextVar("complaint_stepping", default=frozenset())


class ComplaintStepGuard(models.AbstractModel):
    """The state machine of a complaint, an action, a compensation or a return.

    Each model declares its steps in ``_transitions`` (step -> (source states, target state,
    groups allowed or None)); a step is one method that checks role, source state and what
    the step needs, then writes through ``_step_write``. Fields declared ``step_only=True``
    (the state, decision stamps, verification and inspection results…) are refused in
    ``create``/``write`` from anywhere else, whatever the context says (the server's own code
    running as superuser may write them); ``_guard_create``/``_guard_write`` add each model's
    rules for what freezes after which step, for everyone."""

    _name = "complaint.step.guard"
    _description = "Complaint Step Guard"

    # step -> (states it starts from, state it leads to or None, groups allowed or None)
    _transitions = {}

    @api.model
    def _valid_field_parameter(self, field, name):
        return name == "step_only" or super()._valid_field_parameter(field, name)

    # ------------------------------------------------------------------ private path
    def _is_stepping(self):
        """A step of this model is running: it made its checks and writes what it decided."""
        return self._name in _STEPPING.get()

    def _is_server(self):
        """The server's own code (scheduled actions, data files, installation): the superuser
        itself, not a user's request switched to superuser (``sudo()`` keeps the user's id, and
        paths like the mail gateway run client values that way)."""
        return self.env.su and self.env.uid == SUPERUSER_ID

    @contextmanager
    def _stepping(self):
        token = _STEPPING.set(_STEPPING.get() | {self._name})
        try:
            yield
        finally:
            _STEPPING.reset(token)

    def _step_write(self, vals):
        """Write the values of a step, after its checks, with the user's own rights."""
        with self._stepping():
            return self.write(vals)

    @api.model
    def _step_create(self, vals_list):
        with self._stepping():
            return self.create(vals_list)

    # ------------------------------------------------------------------ guards
    def _step_only_fields(self):
        """Declared ``step_only``, and every related field: they follow the record they read.
        Computed once per registry class (every write asks)."""
        cls = type(self)
        if "_step_only_cache" not in cls.__dict__:
            cls._step_only_cache = frozenset(
                name
                for name, field in self._fields.items()
                if getattr(field, "step_only", False) or (field.related and name not in models.MAGIC_COLUMNS)
            )
        return cls._step_only_cache

    def _field_labels(self, names):
        return ", ".join(sorted(self._fields[name].get_description(self.env)["string"] for name in names))

    def _refuse_fields(self, names):
        raise UserError(
            self.env._(
                "%(model)s: %(fields)s change only through the steps of the procedure (its buttons).",
                model=self.env["ir.model"]._get(self._name).name,
                fields=self._field_labels(names),
            )
        )

    def _guard_step_fields_on_create(self, vals_list):
        """Refuse step-only values on creation, but the defaults a new record gets anyway; the
        others get their default from the code, never from the context or user defaults."""
        step_only = self._step_only_fields()
        defaults = {
            name: self._fields[name].default(self) if self._fields[name].default else False
            for name in step_only
            if not self._fields[name].compute
        }
        guarded = []
        for vals in vals_list:
            forged = {name for name in step_only & set(vals) if vals[name] and vals[name] != defaults.get(name)}
            if forged:
                self._refuse_fields(forged)
            guarded.append({**defaults, **vals})
        return guarded

    def _guard_create(self, vals_list):
        """Each model's rules for new records outside its steps (superuser included)."""
        return True

    def _guard_write(self, vals):
        """Each model's rules for what freezes after which step, outside its steps (superuser
        included)."""
        return True

    def _guard_created(self):
        """Each model's rules on records just created outside its steps, as they are stored:
        values may also come from the context's defaults."""
        return True

    @api.model
    def _refuse_mail_intake(self):
        """Actions and returns start from their complaint or order, never from a mail (the
        gateway would create them as superuser with the caller's values)."""
        raise UserError(
            self.env._("%(model)s records are not created by email.", model=self.env["ir.model"]._get(self._name).name)
        )

    @api.model
    def _strip_step_values(self, values):
        """Values from a client for a new record without the step-only ones (mail gateway)."""
        return {key: value for key, value in (values or {}).items() if key not in self._step_only_fields()}

    @api.model_create_multi
    def create(self, vals_list):
        if self._is_stepping():
            return super().create(vals_list)
        model = self
        if not self._is_server():  # the server's own code writes stamps as superuser
            vals_list = self._guard_step_fields_on_create(vals_list)
            step_only = self._step_only_fields()
            # the whole context minus the defaults of step-only fields: dropping keys needs a dict
            model = self.with_context(  # pylint: disable=context-overridden
                {
                    key: value
                    for key, value in self.env.context.items()
                    if not (key.startswith("default_") and key[8:] in step_only)
                }
            )
        self._guard_create(vals_list)
        records = super(ComplaintStepGuard, model).create(vals_list)
        records._guard_created()
        return records.with_env(self.env)

    def write(self, vals):
        if not self._is_stepping():
            if not self._is_server():
                forged = self._step_only_fields() & set(vals)
                if forged:
                    self._refuse_fields(forged)
            self._guard_write(vals)
        return super().write(vals)

    @api.model
    def _env_for(self, user):
        """The environment in ``user``'s language, for texts written to them."""
        lang = user.lang or self.env.lang
        return self.env if lang == self.env.lang else self.with_context(lang=lang).env

    def _todo(self, user, summary, note=None, date_deadline=None):
        """A to-do on this record for ``user`` (else the current user): ``summary(env)`` writes
        its title in the user's language, ``note`` is plain text."""
        user = user or self.env.user
        env = self._env_for(user)
        return self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=date_deadline,
            summary=summary(env),
            note=plaintext2html(note) if note else False,
            user_id=user.id,
        )

    # ------------------------------------------------------------------ steps
    def _state_labels(self):
        """The status names in the user's language."""
        return dict(self._fields["state"]._description_selection(self.env))

    def _check_state(self, allowed):
        labels = self._state_labels()
        for record in self:
            if record.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(record)s is %(state)s: this step is only possible from %(allowed)s.",
                        record=record.display_name,
                        state=labels.get(record.state, record.state),
                        allowed=", ".join(labels[s] for s in allowed),
                    )
                )

    def _has_step_role(self, step):
        groups = self._transitions[step][2]
        return not groups or any(self.env.user.has_group(group) for group in groups)

    def _check_step(self, step):
        """Role and source state of ``step``, from the model's transition table; each record
        once (a client repeating an id would run the step twice on it)."""
        if len(self._ids) != len(set(self._ids)):
            raise UserError(self.env._("The same record is given more than once."))
        if not self.env.su and not self._has_step_role(step):
            raise AccessError(self._step_role_message(step))
        self._check_state(self._transitions[step][0])

    def _step_role_message(self, step):
        return self.env._("You are not allowed to do this step of the procedure.")

    def _can_step(self, step):
        """Whether the user may run ``step`` on this record now: the flag behind its button."""
        self.ensure_one()
        return self.state in self._transitions[step][0] and self._has_step_role(step)

    def _step_target(self, step):
        return self._transitions[step][1]
