import { registry } from "@web/core/registry";

// QA (Chinese interface) lands on the kanban, opens a registered complaint, classifies it by
// typing the category's Chinese name, and runs the procedure with the first (primary) button of
// each step. Buttons and fields are found by name, never by their place on the screen.
const primary = (name) => `.o_statusbar_buttons > button:first-child.btn-primary[name='${name}']`;

registry.category("web_tour.tours").add("complaint_qa_procedure", {
    steps: () => [
        {
            content: "The complaints kanban is QA's landing page",
            trigger: ".o_kanban_view .o_kanban_record:contains(水壶盖子关不上)",
            run: "click",
        },
        {
            content: "Type the category in Chinese",
            trigger: ".o_field_widget[name='category_id'] input",
            run: "edit 瑕疵",
        },
        {
            content: "The Chinese name is found",
            trigger: ".o-autocomplete--dropdown-item a:contains(外观瑕疵)",
            run: "click",
        },
        {
            content: "Open the severities",
            trigger: ".o_field_widget[name='severity'] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "General",
            trigger: ".o_select_menu_item:contains(一般)",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Start the investigation",
            trigger: `.o_form_saved ${primary("action_investigate")}`,
            run: "click",
        },
        {
            content: "The complaint is valid",
            trigger: primary("action_set_valid"),
            run: "click",
        },
        {
            // the step's answer reloads the form: edit only once it has (else the reload
            // drops the edits, on a slow machine)
            content: "Valid: corrective actions are the next step",
            trigger: primary("action_plan_actions"),
        },
        {
            content: "Record the root cause: open the investigation",
            trigger: ".o_notebook .nav-link[name='investigation']",
            run: "click",
        },
        {
            content: "The cause lies in the material",
            trigger: ".o_field_widget[name='root_cause_category'] input[data-value='material']",
            run: "click",
        },
        {
            content: "The material is chosen",
            trigger: ".o_field_widget[name='root_cause_category'] input[data-value='material']:checked",
        },
        {
            content: "What the cause is",
            trigger: ".o_field_widget[name='root_cause'] textarea",
            run: "edit 密封圈材料不合格",
        },
        {
            content: "Save the root cause",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Corrective actions next, once the root cause is saved",
            trigger: `.o_form_saved ${primary("action_plan_actions")}`,
            run: "click",
        },
        {
            content: "The corrective actions of the complaint open, to be created",
            trigger: ".o_breadcrumb .breadcrumb-item:contains(CC)",
        },
    ],
});
