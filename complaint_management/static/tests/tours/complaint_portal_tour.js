import { registry } from "@web/core/registry";

// A portal customer files a complaint from a delivered order, then writes to the handler.
registry.category("web_tour.tours").add("complaint_portal_file_from_order", {
    steps: () => [
        {
            content: "The delivered order offers to file a complaint",
            trigger: "#o_complaint_file_from_order",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Two units of the first delivered product are concerned",
            trigger: "input[name='qty_0']",
            run: "edit 2",
        },
        {
            content: "Say what happened",
            trigger: "#complaint_description",
            run: "edit Two kettles leak at the spout.",
        },
        {
            content: "Send it",
            trigger: "#complaint_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint is received",
            trigger: "#complaint_filed",
        },
        {
            content: "Write to the handler",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit The photos are in the attachment of my email.",
        },
        {
            content: "Send the message",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is in the conversation",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains(The photos are in the attachment)",
        },
    ],
});

// The customer accepts the solution, then says how satisfied they are.
registry.category("web_tour.tours").add("complaint_portal_accept", {
    steps: () => [
        {
            content: "Accept the solution",
            trigger: "#complaint_answer button[value='accept']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint is closed and asks for satisfaction",
            trigger: "#complaint_satisfaction a[href$='/5']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Send the rating",
            trigger: ".o_rating_page_submit button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Odoo thanks the customer",
            trigger: "body:not(:has(.o_rating_page_submit))",
        },
    ],
});

// The customer does not accept the solution and says why.
registry.category("web_tour.tours").add("complaint_portal_reject", {
    steps: () => [
        {
            content: "Say why the solution does not suit",
            trigger: "#complaint_reject_reason",
            run: "edit A discount is not enough: I need working kettles.",
        },
        {
            content: "Refuse it",
            trigger: "#complaint_answer button[value='reject']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint is being handled again",
            trigger: "#complaint_content:not(:has(#complaint_answer))",
        },
    ],
});
