import { registry } from "@web/core/registry";

// A visitor without an account files an anonymous complaint on the public form and is given
// its number. Fields are found by name, never by where the page puts them.
registry.category("web_tour.tours").add("complaint_public_form", {
    steps: () => [
        {
            content: "File anonymously",
            trigger: "form input[name='anonymous']",
            run: "check",
        },
        {
            content: "Say who files it",
            trigger: "form select[name='complainant']",
            run: "select customer",
        },
        {
            content: "Describe what happened",
            trigger: "form textarea[name='description']",
            run: "edit The tiles arrived cracked.",
        },
        {
            content: "Send the complaint",
            trigger: "form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The number to follow it is shown",
            trigger: ".o_complaint_tracking_number:contains(/^\\S+\\d$/)",
        },
    ],
});
