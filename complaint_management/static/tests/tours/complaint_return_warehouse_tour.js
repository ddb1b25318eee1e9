import { registry } from "@web/core/registry";

// A warehouse user (Chinese interface) lands on the returns to receive, sees what comes back,
// validates the receipt and goes back to the return from it. The complaint's own fields are not
// theirs, its number is.
registry.category("web_tour.tours").add("complaint_return_warehouse", {
    steps: () => [
        {
            content: "The approved return shows its goods",
            trigger: ".o_kanban_record:contains(Tour Boiler Customer):contains(2 × Tour Boiler)",
            run: "click",
        },
        {
            content: "The complaint number is shown",
            trigger: ".o_form_view .o_field_widget[name='complaint_ref']:contains(CC)",
        },
        {
            content: "The lot to receive is listed",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row td[name='lot_id']:contains(TOUR-LOT)",
        },
        {
            content: "Open the receipt",
            trigger: "button[name='action_view_receipts']",
            run: "click",
        },
        {
            content: "The receipt comes from the return",
            trigger: ".o_form_view .o_field_widget[name='origin'] input:value(/^RT/)",
        },
        {
            content: "Validate",
            trigger: ".o_statusbar_buttons button[name='button_validate']",
            run: "click",
        },
        {
            content: "Back to the return from the receipt",
            // the current status is always shown, whatever the window's width
            trigger: ".o_form_view:has(.o_arrow_button_current[data-value='done']) button[name='action_view_complaint_return']",
            run: "click",
        },
        {
            content: "The return knows its goods arrived",
            trigger: ".o_form_view .o_field_widget[name='date_received']",
        },
    ],
});
