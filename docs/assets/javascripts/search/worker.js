/* The site's search worker, behind Material's own search UI.
 *
 * Speaks Material's worker protocol: SETUP (0) -> READY (1), QUERY (2) ->
 * RESULT (3) with items grouped by page, the page entry in each group; each
 * item {location, title, text (HTML with <mark>), score, terms: {word: found}}.
 *
 * The index: MiniSearch (vendor/minisearch-*.umd.js), built here from
 * search/policy_index.js, which the site's build writes (hooks/policykit/
 * search_index.py): every section once, with its kind (answer, rule, ...), its
 * institution and the words staff use for it. The worker starts loading at
 * once and says READY without waiting for Material's copy of the index.
 * (Without that file, as in a build without the hook, it indexes what
 * Material sends with SETUP.)
 *
 * A query is read the way people type: Lunr's +word, -word, "quotes", word*,
 * word~1, word^2, field: are read as plain words (-word excludes); stop words
 * dropped; words and index stemmed alike (text.js); a word or phrase of a
 * synonym group also finds the others; a short word matches whole words only,
 * the word being typed and long words also match as prefixes, a word the
 * index lacks matches close spellings. Results holding every meaningful word
 * come before those holding some; then the answer (a topic page) before
 * rules; then the reader's own institution (from the FAQ tabs) before others.
 */
"use strict"

var here = typeof document !== "undefined"
  ? document.querySelector("script[src*='search/worker.js']").src
  : self.location.href
var T
var engine = null
var loading = null
var FUZZY_WEIGHT = 0.3, PREFIX_WEIGHT = 0.6
var KIND_WEIGHT = { a: 3, r: 1, t: 0.8, i: 0.5, p: 0.4 }
var INHERIT = 0.5
var MAX_GROUPS = 100, MAX_PER_GROUP = 25

function load() {
  return Promise.resolve()
    .then(function () { return importScripts(new URL("text.js", here).href, new URL("../vendor/minisearch-7.2.0.umd.js", here).href) })
    .then(function () { T = self.PolicySearchText })
    .then(function () { return importScripts(new URL("../../../search/policy_index.js", here).href) })
    .then(function () { return self.__policySearch }, function () { return null })
    .then(function (data) { if (data) engine = new Engine(data) })
}

/* -- the index ------------------------------------------------------------ */

function Engine(data) {
  var self_ = this
  this.stop = new Set(data.stop || [])
  this.institutions = data.institutions || []
  this.docs = data.docs.map(function (d, id) {
    return { id: id, location: d[0], title: d[1], text: d[2], keywords: d[3] || "", kind: d[4] || "p", inst: d[5] === undefined ? -1 : d[5], topics: d[6] || [] }
  })
  this.page = new Map()
  this.answerOf = new Map()
  this.docs.forEach(function (d) {
    if (d.kind === "a" && d.topics.length) self_.answerOf.set(d.topics[0], d.id)
    var path = d.location.split("#")[0]
    if (!self_.page.has(path)) self_.page.set(path, d)
  })
  var stop = this.stop
  this.mini = new MiniSearch({
    fields: ["title", "text", "keywords"],
    storeFields: [],
    tokenize: function (text) { return T.words(text.replace(/<[^>]*>/g, " ").replace(/&[a-z]+;|&#\d+;/g, " ")) },
    processTerm: function (word) { return stop.has(word) ? null : T.term(word) },
    searchOptions: { tokenize: function (s) { return [s] }, processTerm: function (t) { return t } }
  })
  this.mini.addAll(this.docs)
  this.synonyms = new Synonyms(data.synonyms || [], this)
}

/* Phrases (as index terms joined by spaces) -> the groups they belong to. */
function Synonyms(groups, engine) {
  this.groups = []
  this.byPhrase = new Map()
  this.longest = 1
  for (var g = 0; g < groups.length; g++) {
    var alts = []
    for (var e = 0; e < groups[g].length; e++) {
      var all = T.words(groups[g][e])
      var terms = all.filter(function (w) { return !engine.stop.has(w) }).map(T.term)
      if (!terms.length) continue
      var key = all.map(T.term).join(" ")
      alts.push({ word: groups[g][e], terms: terms })
      if (!this.byPhrase.has(key)) this.byPhrase.set(key, [])
      this.byPhrase.get(key).push(this.groups.length)
      this.longest = Math.max(this.longest, all.length)
    }
    this.groups.push(alts)
  }
}

/* -- reading the query ---------------------------------------------------- */

/* Concepts of a query: what the reader typed (word or phrase), and the
 * alternatives that satisfy it, each a list of index terms that must all match. */
Engine.prototype.parse = function (query) {
  var typing = !/\s$/.test(query)
  var excluded = []
  var raw = []
  query.replace(/(^|\s)-("[^"]*"|\S+)/g, function (_, pre, w) { excluded.push(w); return pre })
  var kept = query.replace(/(^|\s)-("[^"]*"|\S+)/g, " ")
    .replace(/\b[a-z]+:(?=\S)/gi, " ")
    .replace(/[~^]\d*(\.\d+)?/g, " ")
  var words = T.words(kept)
  var exclude = []
  excluded.forEach(function (w) {
    T.words(w).forEach(function (x) { if (!this.stop.has(x)) exclude.push(T.term(x)) }, this)
  }, this)
  for (var i = 0; i < words.length; i++) {
    var found = null
    for (var n = Math.min(this.synonyms.longest, words.length - i); n >= 1 && !found; n--) {
      var key = words.slice(i, i + n).map(T.term).join(" ")
      var groups = this.synonyms.byPhrase.get(key)
      if (groups && (n > 1 || !this.stop.has(words[i]))) found = { n: n, groups: groups }
    }
    if (found) {
      var phrase = words.slice(i, i + found.n)
      raw.push({ word: phrase.join(" "), terms: phrase.filter(function (w) { return !this.stop.has(w) }, this).map(T.term), groups: found.groups, last: i + found.n === words.length })
      i += found.n - 1
    } else if (!this.stop.has(words[i])) {
      raw.push({ word: words[i], terms: [T.term(words[i])], groups: [], last: i === words.length - 1 })
    }
  }
  var concepts = []
  var seen = new Set()
  raw.forEach(function (r) {
    var key = r.terms.join(" ")
    if (!r.terms.length || seen.has(key)) return
    seen.add(key)
    var alts = [{ word: r.word, terms: r.terms, typed: true, typing: typing && r.last }]
    r.groups.forEach(function (g) {
      this.synonyms.groups[g].forEach(function (a) {
        if (a.terms.join(" ") !== key) alts.push({ word: a.word, terms: a.terms, typed: false })
      })
    }, this)
    concepts.push({ word: r.word, alts: alts })
  }, this)
  return { concepts: concepts, exclude: exclude }
}

/* A MiniSearch query for one index term: whole word if short; prefix while
 * typing it or when long; close spellings when the index lacks it. */
Engine.prototype.termQuery = function (term, alt) {
  var options = { prefix: false, fuzzy: false }
  var length = term.length
  if ((alt.typing && length >= 3) || length >= 7) options.prefix = true
  if (alt.typed && length >= 5 && !this.knows(term)) options.fuzzy = length >= 6 ? 2 : 1
  return { queries: [term], prefix: options.prefix, fuzzy: options.fuzzy, weights: { fuzzy: FUZZY_WEIGHT, prefix: PREFIX_WEIGHT }, combineWith: "OR" }
}

Engine.prototype.knows = function (term) {
  return this.mini._index.has(term)
}

/* docId -> {score, terms} for one concept: any alternative, all its terms. */
Engine.prototype.searchConcept = function (concept) {
  var hits = new Map()
  var boost = { title: 3, keywords: 1.5, text: 1 }
  concept.alts.forEach(function (alt) {
    var q = {
      combineWith: "AND",
      queries: alt.terms.map(function (t) { return this.termQuery(t, alt) }, this)
    }
    var weight = alt.typed ? 1 : 0.8
    this.mini.search(q, { boost: boost }).forEach(function (r) {
      var h = hits.get(r.id)
      if (!h) hits.set(r.id, h = { score: 0, terms: new Set(), words: new Set() })
      h.score = Math.max(h.score, r.score * weight)
      r.terms.forEach(function (t) { h.terms.add(t) })
      h.words.add(alt.word)
    })
  }, this)
  return hits
}

/* -- answering ------------------------------------------------------------ */

Engine.prototype.search = function (query, tabs) {
  var parsed = this.parse(query)
  var concepts = parsed.concepts
  if (!concepts.length) return { items: [] }
  var excluded = new Set()
  parsed.exclude.forEach(function (t) {
    this.mini.search({ queries: [t] }).forEach(function (r) { excluded.add(r.id) })
  }, this)
  var perConcept = concepts.map(this.searchConcept, this)
  var preferred = this.preferred(tabs)
  var scored = new Map()
  perConcept.forEach(function (hits, c) {
    hits.forEach(function (h, id) {
      if (excluded.has(id)) return
      var s = scored.get(id)
      if (!s) scored.set(id, s = { id: id, covered: 0, score: 0, found: [], terms: new Set(), words: new Set() })
      s.covered++
      s.score += h.score
      s.found[c] = true
      h.terms.forEach(function (t) { s.terms.add(t) })
      h.words.forEach(function (w) { s.words.add(w) })
    })
  })
  var list = []
  scored.forEach(function (s) {
    var doc = this.docs[s.id]
    s.doc = doc
    s.rank = s.score * (KIND_WEIGHT[doc.kind] || 1)
    s.answer = doc.kind === "a" ? 1 : 0
    s.mine = doc.inst >= 0 && doc.inst === preferred ? 1 : 0
  }, this)
  this.inherit(scored)
  scored.forEach(function (s) { list.push(s) })
  list.sort(compare)
  return { items: this.group(list, concepts), suggest: this.suggest(list, concepts) }
}

/* A topic page quotes the rules filed under it: it holds their words too, and
 * it is the answer to what they match. Its coverage is the best of its own and
 * its rules'; its rank adds the ranks of its best three rules. */
Engine.prototype.inherit = function (scored) {
  var byTopic = new Map()
  scored.forEach(function (s) {
    if (s.doc.kind !== "r") return
    s.doc.topics.forEach(function (t) {
      if (!byTopic.has(t)) byTopic.set(t, [])
      byTopic.get(t).push(s)
    })
  })
  byTopic.forEach(function (rules, t) {
    var id = this.answerOf.get(t)
    if (id === undefined) return
    var a = scored.get(id)
    if (!a) {
      scored.set(id, a = { id: id, covered: 0, score: 0, found: [], terms: new Set(), words: new Set(), doc: this.docs[id], rank: 0, answer: 1, mine: 0 })
    }
    var best = 0
    rules.forEach(function (r) { best = Math.max(best, r.covered) })
    var top = rules.filter(function (r) { return r.covered === best }).sort(function (x, y) { return y.rank - x.rank }).slice(0, 3)
    if (best > a.covered) {
      a.covered = best
      a.found = []
    }
    if (best === a.covered) {
      top.forEach(function (r) {
        r.found.forEach(function (f, i) { if (f) a.found[i] = true })
        r.words.forEach(function (w) { a.words.add(w) })
      })
    }
    a.rank += top.reduce(function (sum, r) { return sum + r.rank }, 0) * INHERIT
  }, this)
}

function compare(a, b) {
  return (b.covered - a.covered) || (b.answer - a.answer) || (b.mine - a.mine) || (b.rank - a.rank) || (a.id - b.id)
}

/* The institution of the newest remembered tab that names one. */
Engine.prototype.preferred = function (tabs) {
  if (!Array.isArray(tabs)) return -1
  for (var i = 0; i < tabs.length; i++)
    for (var j = 0; j < this.institutions.length; j++)
      if (String(tabs[i]).trim().toLowerCase() === String(this.institutions[j][1]).toLowerCase()) return j
  return -1
}

/* Material's shape: one array per page, best page first, the page entry in it. */
Engine.prototype.group = function (list, concepts) {
  var groups = new Map()
  var top = list.length ? list[0].covered : 0
  for (var i = 0; i < list.length; i++) {
    var s = list[i]
    var path = s.doc.location.split("#")[0]
    var group = groups.get(path)
    if (!group) {
      if (groups.size >= MAX_GROUPS) continue
      groups.set(path, group = [])
    }
    if (group.length < MAX_PER_GROUP) group.push(s)
  }
  var n = concepts.length
  var items = []
  groups.forEach(function (group, path) {
    var out = group.map(function (s) { return this.item(s.doc, s, concepts, n) }, this)
    if (!group.some(function (s) { return s.doc.location === path })) {
      var page = this.page.get(path)
      if (page) out.push({ location: page.location, title: page.title, text: "", score: 0, terms: {} })
    }
    items.push(out)
  }, this)
  return items
}

Engine.prototype.item = function (doc, s, concepts, n) {
  var terms = {}
  concepts.forEach(function (c, i) {
    if (s.found[i]) {
      s.words.forEach(function (w) { if (c.alts.some(function (a) { return a.word === w })) terms[highlightWord(w)] = true })
    } else {
      terms[c.word] = false
    }
  })
  return {
    location: doc.location,
    title: mark(doc.title, s.terms),
    text: mark(doc.text, s.terms),
    score: s.covered + s.rank / (1 + s.rank),
    terms: terms
  }
}

/* What Material puts in ?h= (it highlights words starting with it): the word's common stem. */
function highlightWord(word) {
  return word.split(" ").map(function (w) {
    var t = T.term(w)
    var k = 0
    while (k < t.length && k < w.length && t[k] === w[k]) k++
    return k >= 3 ? w.slice(0, k) : w
  }).join(" ")
}

/* Wrap the words of an HTML string whose index term matched in <mark>; tags untouched. */
function mark(html, terms) {
  if (!terms.size) return html
  return html.replace(/(<[^>]*>)|([^<]+)/g, function (_, tag, text) {
    if (tag) return tag
    return text.replace(/[\p{L}\p{N}'\u2019]+/gu, function (w) {
      var parts = T.words(w)
      return parts.length === 1 && terms.has(T.term(parts[0])) ? "<mark>" + w + "</mark>" : w
    })
  })
}

/* Material's suggestion: a title word of the best result completing the word being typed. */
Engine.prototype.suggest = function (list, concepts) {
  if (!list.length || !concepts.length) return []
  var last = concepts[concepts.length - 1].word
  var title = list[0].doc.title.toLowerCase().split(/[^\p{L}\p{N}]+/u)
  for (var i = 0; i < title.length; i++)
    if (title[i].length > last.length && title[i].indexOf(last) === 0) return [title[i]]
  return []
}

/* -- Material's messages ---------------------------------------------------- */

function fromSetup(data) {
  var docs = (data && data.docs) || []
  engine = new Engine({ docs: docs.map(function (d) { return [d.location, d.title, d.text, "", "p", -1] }) })
}

function handle(message) {
  switch (message.type) {
    case 0:
      return loading.then(function () {
        if (!engine) fromSetup(message.data)
        return { type: 1 }
      })
    case 2:
      return loading.then(function () {
        try {
          return { type: 3, data: engine ? engine.search(String(message.data || ""), message.tabs) : { items: [] } }
        } catch (err) {
          return { type: 3, data: { items: [] } }
        }
      })
    default:
      return Promise.resolve(null)
  }
}

/* In a real worker, load at once and say READY early. Under the iframe shim
 * (file://) the worker shares the page's thread: load when search opens. */
function start() {
  if (!loading) loading = load().then(function () { if (engine) postMessage({ type: 1 }) })
}
if (typeof document === "undefined") start()

addEventListener("message", function (ev) {
  start()
  handle(ev.data).then(function (reply) { if (reply) postMessage(reply) })
})
