/* Tables that do not fit the screen become cards (docs/stylesheets/narrow.css).
 *
 * Each cell is given the name of its column (data-label, from the header row), and a table wider
 * than its column is marked data-reflow: the stylesheet then shows each row as a card, each value
 * under its column's name, so that nothing is cut off or needs sideways scrolling on a phone.
 * The table keeps its roles (role="table", "row", "cell"...) for screen readers, which would
 * otherwise read the cards as plain text. Checked again when the window changes size.
 * Without JavaScript a wide table still scrolls inside its box. Nothing is loaded from anywhere.
 */
(function () {
  "use strict";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  function label(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head || table.hasAttribute("data-labelled")) return;
    var names = [];
    each(head.cells, function (th) {
      var name = th.textContent.replace(/\s+/g, " ").trim();
      for (var i = 0; i < (th.colSpan || 1); i += 1) names.push(name);
      th.setAttribute("role", "columnheader");
    });
    table.setAttribute("role", "table");
    each(table.querySelectorAll(":scope > thead, :scope > tbody, :scope > tfoot"), function (g) { g.setAttribute("role", "rowgroup"); });
    each(table.rows, function (row) {
      row.setAttribute("role", "row");
      if (row.parentNode === table.tHead) return;
      var column = 0;
      each(row.cells, function (cell) {
        if (names[column]) cell.setAttribute("data-label", names[column]);
        if (!cell.hasAttribute("role")) cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
        column += cell.colSpan || 1;
      });
    });
    table.setAttribute("data-labelled", "");
  }

  function tables() {
    return document.querySelectorAll(".md-typeset table:not(.highlighttable)");
  }

  /* All the measuring first, then all the changes: a change made between two measurements would
     make the browser lay the whole page out again for the second one */
  function fit() {
    var all = Array.prototype.slice.call(tables());
    all.forEach(function (table) { label(table); table.removeAttribute("data-reflow"); });
    var measured = all.map(function (table) {
      if (!table.tHead || !table.offsetParent) return null; /* no header to name the values, or not shown */
      var box = table.closest(".md-typeset__scrollwrap") || table.parentNode;
      return { table: table, box: box, wide: table.scrollWidth > table.clientWidth + 1 || box.scrollWidth > box.clientWidth + 1 };
    });
    measured.forEach(function (m) {
      if (!m) return;
      if (m.wide) m.table.setAttribute("data-reflow", "");
      /* a11y.js makes a table's scrolling box a stop of the Tab key; cards do not scroll, and a
         box as tall as all of them would only scroll its top under the header */
      if (m.box.classList.contains("md-typeset__scrollwrap")) m.box.setAttribute("tabindex", m.wide ? "-1" : "0");
    });
  }

  var pending = 0;
  function later() {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(fit);
  }

  window.addEventListener("resize", later);
  /* Material wraps each table in its scrolling box after this script has run */
  new MutationObserver(function (changes) {
    for (var i = 0; i < changes.length; i += 1) {
      var added = changes[i].addedNodes;
      for (var j = 0; j < added.length; j += 1) {
        var node = added[j];
        if (node.nodeType === 1 && (node.tagName === "TABLE" || node.querySelector && node.querySelector("table"))) {
          later();
          return;
        }
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", later);
  else later();
})();
