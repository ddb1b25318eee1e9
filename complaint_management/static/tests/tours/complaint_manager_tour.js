import { registry } from "@web/core/registry";

// A department manager (Chinese interface) opens To Approve and approves the countermeasures
// of a major complaint with the first (primary) button.
registry.category("web_tour.tours").add("complaint_manager_approval", {
    steps: () => [
        {
            content: "The complaint waiting for my approval is listed",
            trigger: ".o_list_view .o_data_row:contains(锅炉漏水) td[name='name']",
            run: "click",
        },
        {
            content: "Approve the countermeasures",
            trigger: ".o_statusbar_buttons > button:first-child.btn-primary[name='action_approve_countermeasures']",
            run: "click",
        },
        {
            content: "Approved: the button is gone",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name='action_approve_countermeasures']))",
        },
    ],
});
