import { registry } from "@web/core/registry";

// A sales rep files a complaint from a confirmed sales order, keeps the prefilled
// delivered lines, describes the problem, saves and registers it.
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
            content: "Open the products tab",
            trigger: ".o_notebook .nav-link[name='products']",
            run: "click",
        },
        {
            content: "The delivered product is prefilled",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row td[name='product_id']:contains(Tour Kettle)",
        },
        {
            content: "The customer complains about everything delivered",
            trigger: ".o_field_widget[name='complain_all'] input",
            run: "click",
        },
        {
            content: "Every delivered unit is concerned",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row td[name='quantity']:contains(4)",
        },
        {
            content: "Back to the complaint tab",
            trigger: ".o_notebook .nav-link[name='complaint']",
            run: "click",
        },
        {
            content: "Describe the complaint",
            trigger: ".o_field_widget[name='description'] .odoo-editor-editable",
            run: "editor The lid of two kettles does not close.",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Register",
            trigger: ".o_form_saved button[name='action_register']",
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
