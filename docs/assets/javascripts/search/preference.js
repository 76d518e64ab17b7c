/* Search, on the page's side: runs before Material's bundle.
 *
 * 1. Points Material's configuration (#__config, "search") at the site's own
 *    worker, search/worker.js beside this file. Material keeps its search box,
 *    result list, ?q= links, ?h= highlighting, sharing and keyboard; only the
 *    worker that answers queries is ours (Material's documented way to replace
 *    search: a worker that speaks its messages).
 * 2. Adds to each query message the institutions the reader chose in linked
 *    content tabs (Material remembers them, newest first, as "__tabs"), so that
 *    the worker can rank that institution's rules first among rules. A worker
 *    cannot read localStorage itself.
 * 3. Material reads the query on keyup (and focus); text that arrives
 *    without a key (pasted from a menu, dictated, some phone keyboards) is
 *    passed on as a keyup too, so it is searched at once.
 * 4. Material's page asks for search/policy/config.json (the search config
 *    alone, written by the build with the worker's own index) instead of
 *    search/search_index.json, so it need not download and parse the whole of
 *    Material's index; a build without the site's hook has no such file, and
 *    then Material's index is loaded as usual.
 */
(function () {
  "use strict"
  var script = document.currentScript
  var config = document.getElementById("__config")
  if (!script || !config || typeof window.Worker !== "function") return
  var url = new URL("worker.js", script.src).href
  var data = JSON.parse(config.textContent)
  data.search = url
  config.textContent = JSON.stringify(data)

  function remembered() {
    try {
      var tabs = typeof __md_get === "function" ? __md_get("__tabs") : null
      return Array.isArray(tabs) ? tabs.filter(function (t) { return typeof t === "string" }) : []
    } catch (err) {
      return []
    }
  }

  var small = script.getAttribute("data-config")
  if (small && location.protocol !== "file:") {
    var open = XMLHttpRequest.prototype.open
    small = new URL(small, location.href).href
    XMLHttpRequest.prototype.open = function (method, target) {
      var args = Array.prototype.slice.call(arguments)
      var xhr = this
      if (!xhr.__policySearch && /(^|\/)search\/search_index\.json$/.test(String(target).split(/[?#]/)[0])) {
        // Ask for the small config; if the build did not write it (no hook), ask again
        // for Material's index before Material's own listeners see the answer.
        xhr.__policySearch = true
        args[1] = small
        xhr.addEventListener("load", function retry(ev) {
          xhr.removeEventListener("load", retry)
          if (xhr.status >= 200 && xhr.status < 300) return
          ev.stopImmediatePropagation()
          open.call(xhr, method, target)
          xhr.send()
        })
      }
      return open.apply(xhr, args)
    }
  }

  document.addEventListener("input", function (ev) {
    var target = ev.target
    if (target && target.matches && target.matches("[data-md-component=search-query]"))
      target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
  })

  var Base = window.Worker
  function SearchWorker(target, options) {
    var worker = new Base(target, options)
    if (String(target) !== url) return worker
    var post = worker.postMessage
    worker.postMessage = function (message) {
      if (message && (message.type === 0 || message.type === 2))
        message = { type: message.type, data: message.data, tabs: remembered() }
      return post.call(worker, message)
    }
    return worker
  }
  SearchWorker.prototype = Base.prototype
  window.Worker = SearchWorker
})()
