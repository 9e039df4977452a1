/* Ruhr-Monitor: progressive enhancement only. Every page works without this file.
   After htmx replaces the result list because a page or sort link was followed,
   move the focus to the result heading so keyboard and screen-reader users
   continue at the top of the new results instead of at the lost link. */
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function (event) {
    var trigger = event.detail && event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!trigger || !trigger.closest || !trigger.closest("[data-focus-results]")) return;
    var heading = document.getElementById("ergebnisse-titel");
    if (heading) heading.focus();
  });
})();

/* A form sent back with errors: move the focus to the error summary at its top, so nobody is left at an
   unchanged-looking page top while the message sits far below (the summary links to each field). */
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusSummary);
  else focusSummary();
})();

/* The language link in the header names this page in the other language, query included. htmx-boosted sort,
   filter and page links change the query without rendering the header again: keep the link's query in step, so
   a reader who switches language lands on the same sorted or filtered list. */
(function () {
  "use strict";
  var loadedPath = window.location.pathname;
  document.addEventListener("htmx:pushedIntoHistory", function () {
    if (window.location.pathname !== loadedPath) return;
    document.querySelectorAll(".rm-language-switch a[hreflang]").forEach(function (link) {
      link.search = window.location.search;
    });
  });
})();
