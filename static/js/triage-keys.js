// Keyboard shortcuts of the triage queue. Everything they do is also a link, button or form
// that works with Tab and Enter; the keys only save the travel between them.
//
// Screen readers own Insert, Caps Lock and the numeric keypad, and browsers and systems own
// Alt, Ctrl and Meta: a key with any of those is left alone, as is every key typed into a
// field. WCAG 2.1.4 wants character shortcuts that can be turned off: the checkboxes do
// that, and the choice is kept in localStorage. The words come from the server-rendered
// markup (templates/triage/_shortcuts.html), in the page's language.
(function () {
  "use strict";

  var STORAGE_KEY = "hallbarhet.triage-keys";
  // A question of the queue: a row, or the card it opens to.
  var CARD = "article.triage-card, article.triage-row";
  var TYPING = /^(TEXTAREA|SELECT)$/;
  var INTERACTIVE = /^(A|BUTTON|INPUT|TEXTAREA|SELECT|SUMMARY)$/;
  var DIGITS = { Digit1: 0, Digit2: 1, Digit3: 2, Digit4: 3 };

  var tools, dialog, status, opener, pending, opening;

  function enabled() {
    try {
      return window.localStorage.getItem(STORAGE_KEY) !== "off";
    } catch (error) {
      return true;
    }
  }

  function setEnabled(on) {
    try {
      if (on) {
        window.localStorage.removeItem(STORAGE_KEY);
      } else {
        window.localStorage.setItem(STORAGE_KEY, "off");
      }
    } catch (error) {
      // Without storage the choice lasts as long as the page.
    }
    tools.setAttribute("data-keys", on ? "on" : "off");
    document.querySelectorAll(".triage-keys__on").forEach(function (box) {
      box.checked = on;
    });
  }

  function isOn() {
    return tools && tools.getAttribute("data-keys") !== "off";
  }

  function say(text) {
    // Emptied first, so that the same words twice are read twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  function word(name) {
    return status.getAttribute("data-" + name) || "";
  }

  function cards() {
    return Array.prototype.slice.call(document.querySelectorAll(CARD));
  }

  function headingLink(card) {
    return card.querySelector("h3 a");
  }

  // The card that holds the focus, else the first one on the page.
  function currentCard() {
    var active = document.activeElement;
    var card = active && active.closest ? active.closest(CARD) : null;
    return card || cards()[0] || null;
  }

  function show(card) {
    var link = headingLink(card);
    if (!link) {
      return;
    }
    link.focus({ preventScroll: true });
    card.scrollIntoView({ block: "start" });
  }

  function announcePosition(card) {
    var all = cards();
    var text = word("question-of")
      .replace("{number}", String(all.indexOf(card) + 1))
      .replace("{total}", String(all.length));
    say(text);
  }

  // j and k: from the card with the focus, or from wherever the focus is (a confirmation
  // that replaced a card, the filter above the queue) to the next card after or before it.
  function move(step) {
    var all = cards();
    if (!all.length) {
      say(word("no-question"));
      return;
    }
    var active = document.activeElement;
    var from = active && active !== document.body ? active : null;
    var here = from ? from.closest(CARD) : null;
    var target;
    if (here) {
      target = all[Math.min(Math.max(all.indexOf(here) + step, 0), all.length - 1)];
    } else if (!from) {
      target = all[0];
    } else if (step > 0) {
      target = all.filter(function (card) {
        return from.compareDocumentPosition(card) & Node.DOCUMENT_POSITION_FOLLOWING;
      })[0] || all[all.length - 1];
    } else {
      target = all.filter(function (card) {
        return from.compareDocumentPosition(card) & Node.DOCUMENT_POSITION_PRECEDING;
      }).pop() || all[0];
    }
    show(target);
    announcePosition(target);
  }

  // The card a key acts on gets the focus first, so that one sees what changes.
  function takeCard() {
    var card = currentCard();
    if (!card) {
      say(word("no-question"));
      return null;
    }
    if (!card.contains(document.activeElement)) {
      show(card);
    }
    return card;
  }

  function notPossible() {
    say(word("not-possible"));
  }

  function answer(card, index, value) {
    var form = card.querySelectorAll("form.triage-question")[index];
    var button = form && form.querySelector(".triage-answer[id$='-" + value + "']");
    if (!button) {
      notPossible();
      return;
    }
    pending = { card: card, id: card.id, index: index };
    // A click rather than requestSubmit(): the answer is the button's value, and htmx takes
    // the submitting button from the click. The button already says "clear" when pressed.
    button.click();
  }

  // After an answer htmx replaces the card, and with it the focused heading link: give the
  // focus to the new card's link (unless the page put it elsewhere, as on a conflict) and
  // say what the answer is now and what the checklist recommends.
  function answered() {
    var card = pending && document.getElementById(pending.id);
    if (!card || card === pending.card) {
      return;
    }
    var index = pending.index;
    pending = null;
    var active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) {
      var link = headingLink(card);
      if (link) {
        link.focus({ preventScroll: true });
      }
    }
    var form = card.querySelectorAll("form.triage-question")[index];
    if (!form) {
      return;
    }
    var legend = form.querySelector("legend");
    var pressed = form.querySelector(".triage-answer[aria-pressed='true']");
    var recommendation = card.querySelector(".triage-recommendation");
    say(
      (legend ? legend.textContent.trim() : "") + " " +
      (pressed ? pressed.textContent.trim() : word("not-answered")) + ". " +
      (recommendation ? recommendation.textContent.replace(/\s+/g, " ").trim() : "")
    );
  }

  function formEnding(card, ending) {
    return Array.prototype.filter.call(card.querySelectorAll("form"), function (form) {
      return (form.getAttribute("action") || "").split("?")[0].endsWith(ending);
    })[0] || null;
  }

  function submit(form) {
    if (!form) {
      notPossible();
      return;
    }
    form.requestSubmit();
  }

  function openReturn(card) {
    var form = formEnding(card, "/return");
    var details = card.querySelector("details.triage-other");
    var message = form && form.querySelector("textarea, input[name='message']");
    if (!message) {
      notPossible();
      return;
    }
    if (details) {
      details.open = true;
    }
    message.focus({ preventScroll: true });
    form.scrollIntoView({ block: "center" });
  }

  function isRow(card) {
    return card.classList.contains("triage-row");
  }

  // e: a row opens to its card, a card closes back to its row (the links do the same).
  function toggleCard(card) {
    var link = card.querySelector(isRow(card) ? ".triage-row__open" : ".triage-card__close");
    if (!link) {
      notPossible();
      return;
    }
    link.click();
  }

  // The keys that need the card's forms open a row first, then act on the card.
  function onCard(card, action) {
    if (!isRow(card)) {
      action(card);
      return;
    }
    opening = { id: card.id, action: action };
    toggleCard(card);
  }

  function opened() {
    var card = opening && document.getElementById(opening.id);
    if (!card || isRow(card)) {
      return;
    }
    var action = opening.action;
    opening = null;
    action(card);
  }

  function openQuestion(card) {
    var link = headingLink(card);
    if (link) {
      link.click();
    }
  }

  function toggleDialog() {
    if (dialog.open) {
      dialog.close();
      return;
    }
    opener = document.activeElement;
    dialog.showModal();
    // The title first, so that it is read and Tab goes on to the checkbox and Close.
    dialog.querySelector("h2").focus();
  }

  // A checkbox or button takes no letters, so the keys work there; text, lists and
  // editable regions get every key.
  function typing(element) {
    if (!element) {
      return false;
    }
    if (element.tagName === "INPUT") {
      return !/^(checkbox|radio|button|submit|reset)$/.test(element.type);
    }
    return TYPING.test(element.tagName) || element.isContentEditable;
  }

  function screenReaderOrSystemKey(event) {
    return event.altKey || event.ctrlKey || event.metaKey ||
      (event.getModifierState && (event.getModifierState("CapsLock") ||
        event.getModifierState("AltGraph") || event.getModifierState("OS")));
  }

  function onKey(event) {
    if (!isOn() || event.defaultPrevented || event.isComposing || screenReaderOrSystemKey(event)) {
      return;
    }
    var target = event.target;
    if (typing(target)) {
      return;
    }
    if (event.key === "?") {
      event.preventDefault();
      toggleDialog();
      return;
    }
    if (dialog.open) {
      // The dialog is modal: the queue behind it takes no keys.
      return;
    }
    if (event.code in DIGITS) {
      if (event.repeat) {
        return;
      }
      var card = takeCard();
      if (card) {
        event.preventDefault();
        var index = DIGITS[event.code], value = event.shiftKey ? "no" : "yes";
        onCard(card, function (c) { answer(c, index, value); });
      }
      return;
    }
    if (event.shiftKey) {
      return;
    }
    if (event.key === "j" || event.key === "k") {
      event.preventDefault();
      move(event.key === "j" ? 1 : -1);
      return;
    }
    var focused = target && target.closest ? target.closest(CARD) : null;
    if (event.key === "Enter") {
      // Links and buttons do their own thing with Enter; elsewhere on a card it opens it.
      if (focused && !INTERACTIVE.test(target.tagName)) {
        event.preventDefault();
        openQuestion(focused);
      }
      return;
    }
    var actions = {
      s: function (c) { onCard(c, function (o) { submit(o.querySelector("form.triage-schedule")); }); },
      r: function (c) { onCard(c, openReturn); },
      p: function (c) { onCard(c, function (o) { submit(formEnding(o, "/park")); }); },
      e: toggleCard,
      o: openQuestion,
    };
    if (!actions[event.key] || event.repeat) {
      return;
    }
    var acted = takeCard();
    if (acted) {
      event.preventDefault();
      actions[event.key](acted);
    }
  }

  function start() {
    tools = document.getElementById("triage-keys");
    dialog = document.getElementById("triage-keys-dialog");
    status = document.getElementById("triage-keys-status");
    if (!tools || !dialog || !status || typeof dialog.showModal !== "function") {
      return;
    }
    tools.hidden = false;
    setEnabled(enabled());
    tools.querySelector(".triage-keys__open").addEventListener("click", toggleDialog);
    document.querySelectorAll(".triage-keys__on").forEach(function (box) {
      box.addEventListener("change", function () {
        setEnabled(box.checked);
        say(word(box.checked ? "on" : "off"));
      });
    });
    dialog.addEventListener("close", function () {
      var back = opener && opener.isConnected ? opener : tools.querySelector(".triage-keys__open");
      opener = null;
      if (back && back !== document.body) {
        back.focus();
      }
    });
    document.addEventListener("keydown", onKey);
    document.addEventListener("htmx:afterSettle", answered);
    document.addEventListener("htmx:afterSettle", opened);
    document.addEventListener("htmx:afterRequest", function (event) {
      if (pending && event.detail && event.detail.failed && !document.getElementById(pending.id)) {
        pending = null;
      }
      if (opening && event.detail && event.detail.failed) {
        opening = null;
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
