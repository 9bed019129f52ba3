// Loaded as a module (never inline, so a strict Content-Security-Policy allows it): a browser
// that runs modules gets GOV.UK Frontend's JavaScript, as the page template's inline script does.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
