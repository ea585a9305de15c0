// Small behaviour on top of htmx. No inline scripts: the CSP forbids them.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // Every htmx request carries the CSRF token in a header.
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  // After a swap, move focus to the element the server marked, so that keyboard
  // and screen reader users continue where the change happened.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    var focus = (target && target.querySelector && target.querySelector("[data-focus]")) ||
      document.querySelector("[data-focus-now]");
    if (focus) {
      if (!focus.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(focus.tagName)) {
        focus.setAttribute("tabindex", "-1");
      }
      focus.focus();
      focus.removeAttribute("data-focus-now");
    }
  });

  // What only a page without JavaScript needs ("Update the choices") steps aside.
  Array.prototype.forEach.call(document.querySelectorAll("[data-hidden-with-js]"), function (el) {
    el.hidden = true;
  });

  // Ask before an action marked as needing confirmation.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
