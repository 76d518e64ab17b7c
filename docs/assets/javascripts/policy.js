/* The policy handbook's small scripts: compare filters, list filter, template
 * blanks and copy, and `?q=` search links under Zensical. Each enhances a page
 * that works without JavaScript. */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }

  /* Compare: narrow the matrix to chosen institutions and to one stance. */
  function initCompare(root) {
    var box = root.querySelector("[data-compare-filters]");
    var table = root.querySelector(".compare-matrix table");
    if (!box || !table || box.dataset.ready) return;
    box.dataset.ready = "1";
    /* The stance values and their badge words, as the page renders them (model.Stance). */
    var STANCES = JSON.parse(box.dataset.stances || "{}");
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var columns = [];
    headers.forEach(function (th, index) {
      var tag = th.querySelector("[data-inst]");
      if (tag) columns.push({ index: index, id: tag.dataset.inst, name: tag.textContent.trim() });
    });
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);

    var institutions = el("fieldset", { "class": "compare-institutions" });
    institutions.appendChild(el("legend", {}, "Institutions"));
    columns.forEach(function (col) {
      var id = "compare-inst-" + col.id;
      var box = el("input", { type: "checkbox", id: id, value: col.id, checked: "" });
      var label = el("label", { "for": id });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + col.name));
      institutions.appendChild(label);
    });
    var stanceLabel = el("label", { "for": "compare-stance" }, "Stance ");
    var select = el("select", { id: "compare-stance" });
    select.appendChild(el("option", { value: "" }, "Any stance"));
    Object.keys(STANCES).forEach(function (key) { select.appendChild(el("option", { value: key }, STANCES[key])); });
    stanceLabel.appendChild(select);
    var reset = el("button", { type: "button", "class": "md-button" }, "Show all");
    var status = el("p", { "class": "compare-status", role: "status", "aria-live": "polite" });
    box.appendChild(institutions);
    box.appendChild(stanceLabel);
    box.appendChild(reset);
    box.appendChild(status);
    box.hidden = false;

    function apply() {
      var shown = {};
      institutions.querySelectorAll("input").forEach(function (input) { shown[input.value] = input.checked; });
      var stance = select.value;
      columns.forEach(function (col) {
        var hide = !shown[col.id];
        headers[col.index].hidden = hide;
        rows.forEach(function (row) { if (row.cells[col.index]) row.cells[col.index].hidden = hide; });
      });
      var visibleTopics = 0;
      var group = null;
      var groupHasRows = false;
      function closeGroup() { if (group) group.hidden = !groupHasRows; }
      rows.forEach(function (row) {
        if (row.querySelector(".group-label")) {
          closeGroup();
          group = row;
          groupHasRows = false;
          return;
        }
        var match = !stance || columns.some(function (col) {
          var badge = shown[col.id] && row.cells[col.index] && row.cells[col.index].querySelector("[data-stance]");
          return badge && badge.dataset.stance === stance;
        });
        row.hidden = !match;
        if (match) { visibleTopics += 1; groupHasRows = true; }
      });
      closeGroup();
      var cols = columns.filter(function (col) { return shown[col.id]; }).length;
      status.textContent = "Showing " + cols + " of " + columns.length + " institutions and " + visibleTopics +
        " of " + rows.filter(function (r) { return !r.querySelector(".group-label"); }).length + " topics" +
        (stance ? " with at least one \u201c" + STANCES[stance] + "\u201d cell." : ".");
    }
    institutions.addEventListener("change", function () { apply(); rememberColumns(institutions); });
    select.addEventListener("change", apply);
    reset.addEventListener("click", function () {
      institutions.querySelectorAll("input").forEach(function (input) { input.checked = true; });
      select.value = "";
      apply();
      rememberColumns(institutions);
    });
    var start = chooseStartColumns(institutions);
    if (start) {
      apply();
      status.textContent += start === "saved" ? " Institutions as you chose them last time." :
        " With this many institutions the first " + START_COLUMNS + " are shown: tick others above.";
      return;
    }
    // Everything starts shown: say so, and leave the cells alone until a filter changes.
    var topics = rows.filter(function (r) { return !r.querySelector(".group-label"); }).length;
    status.textContent = "Showing " + columns.length + " of " + columns.length + " institutions and " + topics + " of " + topics + " topics.";
  }

  /* Compare: the columns chosen last time (localStorage), or the first few when
   * there are many; returns "saved" or "first" when that is not every column, else "". */
  var COLUMNS_KEY = "policy-handbook.compare.institutions";
  var START_COLUMNS = 6;

  function rememberColumns(fieldset) {
    var ids = [];
    fieldset.querySelectorAll("input").forEach(function (input) { if (input.checked) ids.push(input.value); });
    try { window.localStorage.setItem(COLUMNS_KEY, JSON.stringify(ids)); } catch (e) { /* storage off */ }
  }

  function chooseStartColumns(fieldset) {
    var inputs = Array.prototype.slice.call(fieldset.querySelectorAll("input"));
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(COLUMNS_KEY) || "null"); } catch (e) { saved = null; }
    var known = Array.isArray(saved) && inputs.some(function (input) { return saved.indexOf(input.value) !== -1; });
    inputs.forEach(function (input, i) { input.checked = known ? saved.indexOf(input.value) !== -1 : i < START_COLUMNS; });
    if (!inputs.some(function (input) { return !input.checked; })) return "";
    return known ? "saved" : "first";
  }

  /* Institution list: filter table rows by the words typed. */
  function initListFilter(root) {
    root.querySelectorAll("[data-filter-table]").forEach(function (input) {
      var container = document.getElementById(input.dataset.filterTable);
      if (!container || input.dataset.ready) return;
      input.dataset.ready = "1";
      input.closest(".list-filter").hidden = false;
      var rows = Array.prototype.slice.call(container.querySelectorAll("tbody tr"));
      input.addEventListener("input", function () {
        var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
        rows.forEach(function (row) {
          var text = row.textContent.toLowerCase();
          row.hidden = !words.every(function (w) { return text.indexOf(w) !== -1; });
        });
      });
    });
  }

  /* Template replies: inputs fill the [blanks] live; Copy copies the filled text.
   * The Copy button carries data-clipboard-target (the <pre>): Material's bundle
   * copies the text as shown, blanks filled, and shows its toast; this only says
   * which blanks are still empty. Material copies with document.execCommand, so
   * where the browser has no "copy" command nothing is wired and we say so. */
  function canCopy() {
    return !!(document.queryCommandSupported && document.queryCommandSupported("copy"));
  }

  function initTemplate(tpl) {
    if (tpl.dataset.ready) return;
    tpl.dataset.ready = "1";
    var form = tpl.querySelector(".tpl-fields");
    var text = tpl.querySelector(".tpl-text");
    var actions = tpl.querySelector(".tpl-actions");
    var status = tpl.querySelector(".tpl-status");
    var marks = Array.prototype.slice.call(text.querySelectorAll("mark[data-blank]"));
    var inputs = form ? Array.prototype.slice.call(form.querySelectorAll("input[data-blank]")) : [];

    function fill() {
      /* A Map: a blank named __proto__, constructor or toString is an ordinary name. */
      var values = new Map();
      inputs.forEach(function (input) { values.set(input.dataset.blank, input.value.trim()); });
      marks.forEach(function (mark) {
        var value = values.has(mark.dataset.blank) ? values.get(mark.dataset.blank) : "";
        mark.textContent = value ? value : "[" + mark.dataset.blank + "]";
        mark.className = value ? "filled" : "blank";
      });
      status.textContent = "";
      status.classList.remove("warning");
    }
    inputs.forEach(function (input) { input.addEventListener("input", fill); });
    if (form) {
      form.hidden = false;
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    }
    actions.hidden = false;
    actions.querySelector(".tpl-copy").addEventListener("click", function () {
      var empty = [];
      marks.forEach(function (mark) {
        if (mark.className === "blank" && empty.indexOf(mark.dataset.blank) === -1) empty.push(mark.dataset.blank);
      });
      // Material's listener on the page copies after this one, in the same click.
      setTimeout(function () { reportCopy(status, empty); }, 0);
    });
    fill();
  }

  function reportCopy(status, empty) {
    if (!canCopy()) {
      status.textContent = "Could not copy: select the text and copy it by hand.";
      status.classList.add("warning");
    } else if (empty.length) {
      status.textContent = "Copied, but " + empty.length + (empty.length === 1 ? " blank is" : " blanks are") +
        " still empty: " + empty.map(function (b) { return "[" + b + "]"; }).join(", ") + ".";
      status.classList.add("warning");
    } else {
      status.textContent = "Copied to the clipboard.";
      status.classList.remove("warning");
    }
  }

  /* Tables too wide for the screen scroll in their own box: let the keyboard reach it. */
  function initScrollBoxes(root) {
    root.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Table (scroll to see all of it)");
      }
    });
  }

  /* Search links (`?q=words`) and the home page's search box, under either builder.
   * Material for MkDocs opens its own search for `?q=` itself. Zensical's search has
   * no `?q=`: there, open its dialog (a button that renders the dialog into a shadow
   * root) and type the query into it. */
  function zensicalSearchInput() {
    var hosts = document.querySelectorAll("body > *");
    for (var i = 0; i < hosts.length; i++) {
      var input = hosts[i].shadowRoot && hosts[i].shadowRoot.querySelector("dialog[open] input");
      if (input) return input;
    }
    return null;
  }

  function openZensicalSearch(button, query) {
    var tries = 0;
    var typed = 0;
    button.click();
    (function type() {
      var input = zensicalSearchInput();
      if (input && input.value !== query) {
        input.focus();
        input.value = query;
        input.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
      }
      // The dialog may still be mounting: keep the query for a moment in case it is reset.
      if (input) typed += 1;
      tries += 1;
      if (!input && tries % 20 === 0) button.click(); // the bundle may not have mounted the button yet
      if (typed < 10 && tries < 100) setTimeout(type, 50);
    })();
  }

  function initSearchLinks() {
    var button = document.querySelector(".md-search__button");
    if (!button || document.querySelector("[data-md-component=search-query]") || document.body.dataset.searchLinks) return;
    document.body.dataset.searchLinks = "1";
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) openZensicalSearch(button, query);
    document.querySelectorAll("form.home-search").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var words = form.querySelector("input[name=q]").value.trim();
        if (!words) return;
        event.preventDefault();
        openZensicalSearch(button, words);
      });
    });
  }

  function init() {
    initSearchLinks();
    initScrollBoxes(document);
    initCompare(document);
    initListFilter(document);
    document.querySelectorAll(".tpl[data-template]").forEach(initTemplate);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
