import { registry } from "@web/core/registry";

// A sales rep (Chinese interface) files a complaint from a confirmed sales order about part of
// what was delivered: the line starts at 0, the rep enters 2 of the 4 units, describes the
// problem on the first screen, saves and registers it.
registry.category("web_tour.tours").add("complaint_file_from_order", {
    steps: () => [
        {
            content: "File a complaint from the sales order",
            trigger: ".o_form_view button[name='action_file_complaint']",
            run: "click",
        },
        {
            content: "The complaint form comes with the order",
            trigger: ".o_field_widget[name='sale_order_id'] input:value(/S\\d+/)",
        },
        {
            content: "Describe the complaint, right on the first screen",
            trigger: ".o_field_widget[name='description'] .odoo-editor-editable",
            run: "editor 两个水壶的盖子关不上。",
        },
        {
            content: "Open the products tab",
            trigger: ".o_notebook .nav-link[name='products']",
            run: "click",
        },
        {
            content: "The delivered product is offered at 0",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains(Tour Kettle) td[name='quantity']:contains(0)",
            run: "click",
        },
        {
            content: "The customer complains about 2 of the 4 units",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row td[name='quantity'] input",
            run: "edit 2",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Register: the first button, and the primary one",
            trigger: ".o_form_saved .o_statusbar_buttons > button:first-child.btn-primary[name='action_register']",
            run: "click",
        },
        {
            // The server moved it (the test checks the state): the Register button is gone. No
            // reliance on the statusbar's layout, which depends on the window and the fonts.
            content: "The complaint is registered",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name='action_register']))",
        },
    ],
});
