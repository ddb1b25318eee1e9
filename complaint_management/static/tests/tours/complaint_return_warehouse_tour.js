import { registry } from "@web/core/registry";

// A warehouse user opens an approved return from Inventory and reaches its receipt; the
// complaint's own fields are not theirs, its number is.
registry.category("web_tour.tours").add("complaint_return_warehouse", {
    steps: () => [
        {
            content: "Open the return to receive",
            trigger: ".o_kanban_record:contains(Tour Boiler Customer)",
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
            content: "The receipt is a standard transfer, from the return",
            trigger: ".o_form_view .o_field_widget[name='origin'] input:value(/^RT/)",
        },
    ],
});
