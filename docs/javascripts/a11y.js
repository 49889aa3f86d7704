/* Keyboard access to Material's header buttons (tests/browser/test_keyboard.py).
 *
 * Material draws the buttons that open the navigation drawer and the search as <label for> of
 * hidden checkboxes. A label is not focusable, so below 1220 px a keyboard user could open neither
 * the navigation nor (below 960 px) the search, and a label may not take the role of a button
 * (axe-core and Lighthouse: aria-allowed-role). Each such label gives way to a real <button>, with
 * the label's icon, a name and aria-expanded, that toggles the same checkbox (a11y.css hides it
 * where Material hides the label). The search button puts the focus in the search field, and
 * Escape closes an open navigation drawer.
 *
 * Material wraps each wide table in a box that scrolls sideways on a phone; a keyboard user can
 * only scroll it if it can take the focus, so each such box becomes a named, focusable region.
 * No request, no dependency: this file is served with the site.
 */
(function () {
  "use strict";
  /* the buttons' names and the tables' in the page's language (overrides/main.html) */
  var WORDS = (function () {
    var words = document.getElementById("dossier-words");
    try { return words ? JSON.parse(words.textContent) : {}; } catch (e) { return {}; }
  })();
  function word(text) { return WORDS[text] || text; }
  var NAMES = { __drawer: word("Navigation"), __search: word("Search") };

  function press(button) {
    button.click(); /* toggles the checkbox as a pointer would; Material listens to its change */
  }

  function enhance() {
    var labels = document.querySelectorAll("label.md-header__button[for]");
    Array.prototype.forEach.call(labels, function (label) {
      var name = NAMES[label.htmlFor];
      var box = document.getElementById(label.htmlFor);
      if (!name || !box || label.hasAttribute("data-replaced")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = label.className;
      button.setAttribute("data-for", label.htmlFor);
      button.setAttribute("aria-label", name);
      button.setAttribute("aria-expanded", box.checked ? "true" : "false");
      button.innerHTML = label.innerHTML;
      label.parentNode.insertBefore(button, label);
      label.setAttribute("data-replaced", "");
      label.style.display = "none";
      button.addEventListener("click", function () { box.click(); });
      var field = document.querySelector(".md-search__input");
      box.addEventListener("change", function () {
        button.setAttribute("aria-expanded", box.checked ? "true" : "false");
        if (label.htmlFor === "__search" && field && box.checked && document.activeElement === button) field.focus();
      });
    });
  }

  function label(wrap) {
    var node = wrap.previousElementSibling;
    while (node && !/^H[1-6]$/.test(node.tagName)) node = node.previousElementSibling;
    var heading = node ? node.textContent.replace(/\u00b6/g, "").trim() : "";
    return heading ? word("Table: {heading}").replace("{heading}", heading) : word("Table");
  }

  function scrollable(root) {
    var boxes = root.querySelectorAll ? root.querySelectorAll(".md-typeset__scrollwrap") : [];
    Array.prototype.forEach.call(boxes, function (wrap) {
      if (wrap.hasAttribute("tabindex")) return;
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", label(wrap));
    });
  }

  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      Array.prototype.forEach.call(change.addedNodes, function (node) {
        if (node.nodeType !== 1) return;
        if (node.classList.contains("md-typeset__scrollwrap")) scrollable(node.parentNode);
        else scrollable(node);
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });

  document.addEventListener("keydown", function (event) {
    var drawer = document.getElementById("__drawer");
    if (event.key !== "Escape" || !drawer || !drawer.checked) return;
    var button = document.querySelector("button.md-header__button[data-for='__drawer']");
    if (button) {
      press(button);
      button.focus();
    }
  });

  function start() {
    enhance();
    scrollable(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
