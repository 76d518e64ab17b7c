/* For policy writers: copy a rule with its citation, the clause pack, and the
 * "start from your institution" picker. Each enhances a page that reads fine
 * without JavaScript.
 *
 * Copying goes through Material's clipboard integration: a button with
 * `data-clipboard-text` is copied by Material's bundle on click, which then
 * shows its "Copied to clipboard" toast. This file only writes that text.
 * The rule's address is its link on the page, resolved against the page's
 * canonical address when the site has a site_url (Material writes
 * <link rel="canonical">), else against the address in the browser. */
(function () {
  "use strict";

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function ruleUrl(link) {
    var canonical = document.querySelector('link[rel="canonical"]');
    return new URL(link.getAttribute("href"), canonical ? canonical.href : window.location.href).href;
  }

  /* Markdown: every ASCII character that could start syntax gets a backslash. */
  function mdEscape(text) {
    return text.replace(/[\\`*_{}\[\]<>#+|~&!]/g, "\\$&");
  }

  function mdLine(line) {
    return line.replace(/^(\s*)(\d+)([.)])/, "$1$2\\$3").replace(/^(\s*)([-=])/, "$1\\$2");
  }

  /* A quote's printed line as Markdown: deletions, strong and emphasis kept as markup. */
  function toMarkdown(node) {
    var out = "";
    Array.prototype.forEach.call(node.childNodes, function (child) {
      if (child.nodeType === 3) { out += mdEscape(child.nodeValue); return; }
      if (child.nodeType !== 1 || child.classList.contains("sr-only")) return;
      var inner = toMarkdown(child);
      var marks = { DEL: "~~", STRONG: "**", EM: "*" }[child.tagName] || "";
      out += marks + inner + marks;
    });
    return out;
  }

  function quoteLines(quote) {
    return all(quote, "p").map(function (p) { return p.textContent.replace(/\s+/g, " ").trim(); });
  }

  function quoteMarkdown(quote, citation, url) {
    var lines = all(quote, "p").map(function (p) { return "> " + mdLine(toMarkdown(p).replace(/\s+/g, " ").trim()); });
    return lines.join("\n>\n") + "\n>\n> \u2014 " + mdEscape(citation) + ", <" + url + ">";
  }

  function quotePlain(quote, citation, url) {
    return "\u201c" + quoteLines(quote).join("\n") + "\u201d\n\u2014 " + citation + "\n" + url;
  }

  /* Rules: add the two copy buttons under each quote, their text ready for Material. */
  function copyButton(kind, label, text) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button cite-copy";
    button.dataset.cite = kind;
    button.textContent = label;
    button.setAttribute("data-clipboard-text", text);
    return button;
  }

  function initCiteButtons(root) {
    if (!(document.queryCommandSupported && document.queryCommandSupported("copy"))) return;
    all(root, ".cite-actions").forEach(function (actions) {
      if (actions.dataset.ready) return;
      var holder = actions.closest("p.cite-line");
      var quote = holder && holder.previousElementSibling;
      var link = actions.querySelector("a.cite-url");
      var cite = actions.querySelector(".cite-text");
      if (!quote || !quote.matches("blockquote.quote") || !link || !cite) return;
      actions.dataset.ready = "1";
      var url = ruleUrl(link);
      var citation = cite.textContent;
      actions.insertBefore(copyButton("text", "Copy with citation", quotePlain(quote, citation, url)), link);
      actions.insertBefore(copyButton("markdown", "Copy as Markdown", quoteMarkdown(quote, citation, url)), link);
      holder.hidden = false;
    });
  }

  /* Clause pack: narrow to chosen topics (or one institution's gaps), download, print. */
  function packMarkdown(sections) {
    var out = ["# Clause pack", "",
      "Quoted word for word from each institution's policy, with its citation; stances and summaries are the " +
      "reading of the site this pack was made from (" + window.location.href.split("?")[0].split("#")[0] + "), not policy wording.", ""];
    sections.forEach(function (section) {
      out.push("## " + mdEscape(section.dataset.title), "", "**" + mdEscape(section.dataset.question) + "**", "");
      all(section, ".pack-position").forEach(function (position) {
        out.push("### " + mdEscape(position.dataset.institution) + " \u2014 " + position.dataset.stance, "",
          "*Site summary:* " + mdEscape(position.dataset.summary), "");
        all(position, ".pack-rule").forEach(function (rule) {
          var link = rule.querySelector("a.cite-url");
          var citation = rule.querySelector(".cite-text").textContent;
          out.push(quoteMarkdown(rule.querySelector("blockquote.quote"), citation, ruleUrl(link)), "");
        });
      });
      if (section.dataset.silentNames) out.push("*Silent (not addressed):* " + mdEscape(section.dataset.silentNames), "");
      if (!section.querySelector(".pack-position")) out.push("*No institution on the site addresses this topic.*", "");
    });
    return out.join("\n");
  }

  function download(name, text) {
    var url = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* Above twelve institutions each topic's quoted positions are a script of their own
   * (topics/<id>.js, same folder), loaded when the reader needs the topic: a <script src>
   * loads from file:// too, where fetch does not. The script calls __policyPack with the
   * HTML the site rendered (data text already escaped), put into the topic's section. */
  var packWaiting = {};

  window.__policyPack = function (id, html) {
    var waiting = packWaiting[id];
    if (!waiting) return;
    delete packWaiting[id];
    waiting.holder.innerHTML = html;
    waiting.holder.removeAttribute("data-pack-script");
    waiting.resolve();
  };

  function loadTopic(section) {
    var holder = section.querySelector("[data-pack-script]");
    if (!holder) return Promise.resolve();
    if (section.packLoad) return section.packLoad;
    section.packLoad = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      packWaiting[section.dataset.topic] = { holder: holder, resolve: resolve };
      script.src = holder.dataset.packScript;
      script.onerror = function () {
        delete packWaiting[section.dataset.topic];
        section.packLoad = null;
        script.remove();
        reject(new Error(section.dataset.title));
      };
      script.onload = function () { script.remove(); };
      document.head.appendChild(script);
    });
    return section.packLoad;
  }

  /* Load the positions of every section not loaded yet. `say` shows a line in the status
   * line and returns the one it replaced; the line shown before comes back once loaded. */
  function loadTopics(sections, say) {
    var missing = sections.filter(function (s) { return s.querySelector("[data-pack-script]"); });
    if (!missing.length) return Promise.resolve();
    var loading = "Loading the wording of " + missing.length + (missing.length === 1 ? " topic\u2026" : " topics\u2026");
    var before = say(loading);
    return Promise.all(missing.map(loadTopic)).then(function () {
      say(before, loading);
    }, function (error) {
      say("Could not load the wording of \u201c" + error.message + "\u201d: its topic page quotes every institution.");
      throw error;
    });
  }

  function initPack(root) {
    var form = root.querySelector("form[data-pack]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var sections = all(root, "section.pack-topic");
    var boxes = all(form, 'input[name="topic"]');
    var gaps = form.querySelector("#pack-gaps");
    var status = form.querySelector(".pack-status");
    // Printed, each citation shows the rule's full address (done just before printing:
    // thousands of links at 50 institutions, most of them never printed).
    window.addEventListener("beforeprint", function () {
      shown().forEach(function (s) { all(s, ".pack-rule a.cite-url").forEach(function (a) { a.textContent = ruleUrl(a); }); });
    });

    function shown() { return sections.filter(function (s) { return !s.hidden; }); }
    var idle = "";  // the status line when nothing is loading
    function say(text, onlyOver) {
      var was = status.textContent;
      if (onlyOver === undefined || was === onlyOver) status.textContent = text;
      return /\u2026$/.test(was) ? idle : was;
    }
    function load(list) { return loadTopics(list, say); }
    function apply() {
      var chosen = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      sections.forEach(function (s) { s.hidden = chosen.length > 0 && chosen.indexOf(s.dataset.topic) === -1; });
      idle = status.textContent = chosen.length ? "The pack holds " + chosen.length + " of " + sections.length + " topics." :
        "No topic chosen: the pack holds all " + sections.length + " topics.";
      if (chosen.length) load(shown()).catch(function () { /* the status line says so */ });
    }
    function chooseGaps() {
      var id = gaps.value;
      boxes.forEach(function (b) {
        var section = sections.filter(function (s) { return s.dataset.topic === b.value; })[0];
        b.checked = !!id && !!section && section.dataset.silent.split(" ").indexOf(id) !== -1;
      });
      apply();
      if (id && !boxes.some(function (b) { return b.checked; })) status.textContent = "That institution takes a position on every topic: no gaps. Showing all topics.";
    }
    var params = new URLSearchParams(window.location.search);
    boxes.forEach(function (b) { b.checked = params.getAll("topic").indexOf(b.value) !== -1; });
    if (params.get("gaps") && form.querySelector('#pack-gaps option[value="' + CSS.escape(params.get("gaps")) + '"]')) {
      gaps.value = params.get("gaps");
      chooseGaps();
    } else {
      apply();
    }
    form.addEventListener("change", function (event) { if (event.target === gaps) chooseGaps(); else apply(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.querySelector("[data-pack-clear]").addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = false; });
      gaps.value = "";
      apply();
    });
    form.querySelector("[data-pack-download]").addEventListener("click", function () {
      var packed = shown();
      load(packed).then(function () {
        download("clause-pack.md", packMarkdown(packed));
        status.textContent = "Downloaded clause-pack.md with " + packed.length + " topics.";
      }, function () { /* the status line says so */ });
    });
    form.querySelector("[data-pack-print]").addEventListener("click", function () {
      load(shown()).then(function () { window.print(); }, function () { /* the status line says so */ });
    });
    function loadLinked() {
      var match = /^#topic-(.+)$/.exec(window.location.hash);
      var section = match && sections.filter(function (s) { return s.dataset.topic === decodeURIComponent(match[1]); })[0];
      if (section) load([section]).catch(function () { /* the status line says so */ });
    }
    window.addEventListener("hashchange", loadLinked);
    loadLinked();
    form.hidden = false;
  }

  /* The page for policy writers: one institution's gaps first, or only its gaps. */
  var WRITERS_KEY = "policy-handbook.writers.institution";

  function remember(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* storage off: nothing to remember */ }
  }

  function recall(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  function initWritersPicker(root) {
    var box = root.querySelector("[data-writers-picker]");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var select = box.querySelector("#writers-institution");
    var only = box.querySelector("#writers-only-gaps");
    var status = box.querySelector(".writers-status");
    var packLink = root.querySelector("a.writers-pack-link");
    var groups = all(root, ".writer-group");
    var original = groups.map(function (g) { return all(g, ":scope > .writer-topic"); });

    function apply() {
      var id = select.value;
      var name = id ? select.options[select.selectedIndex].textContent : "";
      var count = 0;
      groups.forEach(function (group, i) {
        var gapsFirst = original[i].filter(function (t) { return isGap(t); }).concat(original[i].filter(function (t) { return !isGap(t); }));
        gapsFirst.forEach(function (t) {
          var gap = isGap(t);
          if (gap) count += 1;
          t.classList.toggle("is-gap", gap);
          t.hidden = only.checked && !!id && !gap;
          var flag = t.querySelector(".gap-flag");
          if (flag) flag.remove();
          if (gap) t.querySelector("h3").insertAdjacentHTML("beforeend", ' <span class="gap-flag"></span>');
          if (gap) t.querySelector(".gap-flag").textContent = "Not covered by your policy";
          group.appendChild(t);
        });
        group.hidden = gapsFirst.every(function (t) { return t.hidden; });
      });
      status.textContent = id ? name + " is silent on " + count + " of " + all(root, ".writer-topic").length +
        " topics; they come first in each group, marked \u201cNot covered by your policy\u201d." : "";
      if (packLink) {
        packLink.hidden = !id || !count;
        packLink.href = packLink.href.split("?")[0].split("#")[0] + "?gaps=" + encodeURIComponent(id);
      }
      remember(WRITERS_KEY, id);
      function isGap(t) { return !!id && t.dataset.silent.split(" ").indexOf(id) !== -1; }
    }
    var saved = recall(WRITERS_KEY);
    if (saved && select.querySelector('option[value="' + CSS.escape(saved) + '"]')) select.value = saved;
    select.addEventListener("change", apply);
    only.addEventListener("change", apply);
    box.hidden = false;
    if (select.value) apply();
  }

  function init() {
    initCiteButtons(document);
    initPack(document);
    initWritersPicker(document);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
