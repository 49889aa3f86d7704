/* Sorting and filtering of the cases index (cases/index.md.j2 writes the table and the form).
 *
 * Without JavaScript the table is complete and the form stays hidden. With it:
 * - every column header becomes a button that sorts by that column (again: reverse order);
 * - each <select name="x"> keeps the rows whose data-x attribute holds the chosen value
 *   (data-x is a space-separated list of values);
 * - the choices live in the address (?status=released&sort=5-desc), so a filtered view can be
 *   shared and survives a reload; a live counter says how many cases are shown.
 * Nothing is loaded from anywhere: this file is the whole feature.
 */
(function () {
  "use strict";

  function cellValue(row, column) {
    var cell = row.cells[column];
    if (!cell) return "";
    return cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
  }

  /* a word of the page's language (overrides/main.html), the English one if the page has none */
  function word(text) {
    var words = document.getElementById("dossier-words");
    try { return (words && JSON.parse(words.textContent)[text]) || text; } catch (e) { return text; }
  }

  function setUp() {
    var form = document.getElementById("case-filter");
    var table = document.getElementById("case-table");
    if (!form || !table || !document.getElementById("case-count") || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "1");

    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var counter = document.getElementById("case-count");
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    /* made on the first sort, not when the page opens: the first Intl.Collator of a page costs the
       browser 10-20 ms here, 40-90 ms on Lighthouse's simulated phone */
    var collator = null;
    var sort = { column: -1, descending: false };

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = selects.every(function (select) {
          if (!select.value) return true;
          var values = (row.getAttribute("data-" + select.name) || "").split(" ");
          return values.indexOf(select.value) !== -1;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      /* the page gives both texts (data-all, data-some: {shown} is the number shown) in its language */
      counter.textContent = shown === rows.length
        ? counter.getAttribute("data-all")
        : counter.getAttribute("data-some").replace("{shown}", String(shown));
    }

    function order() {
      headers.forEach(function (th, i) {
        if (i === sort.column) th.setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
      });
      var sorted = rows.slice();
      if (sort.column >= 0) {
        collator = collator || new Intl.Collator(document.documentElement.lang || "en", { numeric: true, sensitivity: "base" });
        sorted.sort(function (a, b) {
          var result = collator.compare(cellValue(a, sort.column), cellValue(b, sort.column));
          return sort.descending ? -result : result;
        });
      }
      /* rows already in this order stay put: moving them would make the browser lay the table out again */
      if (sorted.some(function (row, i) { return body.rows[i] !== row; })) {
        sorted.forEach(function (row) { body.appendChild(row); });
      }
    }

    function save() {
      var url = new URL(window.location.href);
      selects.forEach(function (select) {
        if (select.value) url.searchParams.set(select.name, select.value);
        else url.searchParams.delete(select.name);
      });
      if (sort.column >= 0) url.searchParams.set("sort", sort.column + (sort.descending ? "-desc" : "-asc"));
      else url.searchParams.delete("sort");
      window.history.replaceState(window.history.state, "", url.toString());
    }

    function load() {
      var params = new URL(window.location.href).searchParams;
      selects.forEach(function (select) {
        var wanted = params.get(select.name) || "";
        var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
        select.value = known ? wanted : "";
      });
      var match = /^(\d+)-(asc|desc)$/.exec(params.get("sort") || "");
      if (match && +match[1] < headers.length) sort = { column: +match[1], descending: match[2] === "desc" };
    }

    headers.forEach(function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "dossier-sort";
      button.title = word("Sort by this column");
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        sort = { column: i, descending: sort.column === i ? !sort.descending : false };
        order();
        save();
      });
    });
    selects.forEach(function (select) {
      select.addEventListener("change", function () { apply(); save(); });
    });
    form.addEventListener("reset", function () {
      window.setTimeout(function () {  // after the form has put back every select
        sort = { column: -1, descending: false };
        order();
        apply();
        save();
      }, 0);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    load();
    order();
    apply();
    form.hidden = false;
  }

  // Material's instant navigation swaps pages without a reload; document$ then announces each one
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
