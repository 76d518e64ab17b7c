/* The site's search worker, behind Material's own search UI.
 *
 * Speaks Material's worker protocol: SETUP (0) -> READY (1), QUERY (2) ->
 * RESULT (3) with items grouped by page, the page entry in each group; each
 * item {location, title, text (HTML with <mark>), score, terms: {word: found}}.
 *
 * The index is prebuilt by the site's build (hooks/policykit/search_index.py,
 * search/policy/): every section once, with its kind (answer, rule, ...), its
 * institution, its topics, the words staff use for it, and an inverted index
 * (terms, postings, field lengths) that is decoded only for the words a query
 * uses; texts come in chunks as results need them. The worker starts loading
 * at once and says READY without waiting for Material's SETUP. Measured at 200
 * institutions, building a MiniSearch index here took 6.8 s and loading a
 * serialised one 1.4 s; this index loads in about 0.3 s. Without search/policy/
 * (a build without the site's hook), the worker indexes what Material sends
 * with SETUP using MiniSearch (vendor/minisearch-*.umd.js), same ranking rules.
 *
 * A query is read the way people type: Lunr's +word, -word, "quotes", word*,
 * word~1, word^2, field: are read as plain words (-word excludes); stop words
 * dropped; words and index stemmed alike (text.js); a word or phrase of a
 * synonym group also finds the others; a short word matches whole words only,
 * the word being typed and long words also match as prefixes, a word the
 * index lacks matches close spellings. The word as typed counts most (as
 * written more than another form of it), a synonym, prefix or close spelling
 * far less. Results holding every meaningful word come before those holding
 * some; then the answer (a topic page) before rules where it answers as well
 * as the best rule (answerFirst); then the reader's own institution (from the
 * FAQ tabs) before others; then by score.
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
/* A match only through a synonym, a prefix or a close spelling counts this
 * much of one of the word as typed (or its stem). */
var LOOSE_WEIGHT = 0.25
var ANSWER_SHARE = 0.8
/* A word written as typed counts this much more than another form of it. */
var WRITTEN_WEIGHT = 4
/* What one answer carries: pages, sections per page, and the pages and sections that
 * come with their text (Material shows ten pages at first). Every text loaded and every
 * item drawn costs time before the first answer shows, most of it at a few hundred institutions. */
var MAX_GROUPS = 24, MAX_PER_GROUP = 10, TEXT_GROUPS = 8, TEXT_PER_GROUP = 4
/* Above this many chunks of text, the rest are not loaded in the background: at a few
 * hundred institutions that is megabytes, and it slows the queries typed meanwhile. */
var BACKGROUND_CHUNKS = 24

function load() {
  return Promise.resolve()
    .then(function () { return importScripts(new URL("text.js", here).href) })
    .then(function () { T = self.PolicySearchText })
    .then(function () { return importScripts(new URL("../../../search/policy/index.js", here).href) })
    .then(function () { return self.__policyIndex }, function () { return null })
    .then(function (data) { if (data) engine = new Engine(data, new Prebuilt(data), new Texts(data)) })
}

/* -- the prebuilt index (search/policy/, written by the build) ------------- */

var K1 = 1.2, B = 0.7, FIELD_BOOST = [3, 1, 1.5]  // title, text, keywords

function Prebuilt(data) {
  this.terms = data.terms
  // The words as written (T.form) have their postings after the terms'.
  this.postings = data.postings.concat(data.formPostings || [])
  this.at = new Map()
  for (var i = 0; i < data.terms.length; i++) this.at.set(data.terms[i], i)
  this.formAt = new Map()
  for (var f = 0; f < (data.forms || []).length; f++) this.formAt.set(data.forms[f], data.terms.length + f)
  this.lengths = data.lengths
  this.average = data.average
  this.fields = data.fields.length
  this.count = data.page.length
  this.decoded = new Map()
}

Prebuilt.prototype.has = function (term) { return this.at.has(term) }

/* [doc, field, count, ...] of one term, decoded once (see search_index.encode_postings). */
var DIGIT = new Int8Array(128)
"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".split("").forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i })
Prebuilt.prototype.entries = function (i) {
  var out = this.decoded.get(i)
  if (out) return out
  var text = this.postings[i], numbers = [], n = 0
  for (var k = 0; k < text.length; k++) {
    var d = DIGIT[text.charCodeAt(k)]
    n = n * 32 + (d & 31)
    if (d < 32) { numbers.push(n); n = 0 }
  }
  var list = [], doc = 0
  for (var j = 0; j < numbers.length; j++) {
    var code = numbers[j], count = 1
    if (code & 1) count = numbers[++j] + 2
    code = Math.floor(code / 2)
    doc += Math.floor(code / this.fields)
    list.push(doc, code % this.fields, count)
  }
  out = Int32Array.from(list)
  out.docs = 0
  for (var e = 0; e < out.length; e += 3) if (e === 0 || out[e] !== out[e - 3]) out.docs++
  this.decoded.set(i, out)
  return out
}
/* Index terms for a query term: itself, longer ones starting with it, close spellings. */
Prebuilt.prototype.expand = function (term, options) {
  var out = []
  if (this.at.has(term)) out.push([this.at.get(term), 1])
  if (options.prefix) {
    var lo = 0, hi = this.terms.length
    while (lo < hi) { var mid = (lo + hi) >> 1; if (this.terms[mid] < term) lo = mid + 1; else hi = mid }
    for (var i = lo; i < this.terms.length && this.terms[i].indexOf(term) === 0; i++)
      if (this.terms[i] !== term) out.push([i, PREFIX_WEIGHT * term.length / this.terms[i].length])
  }
  if (options.fuzzy) {
    for (var j = 0; j < this.terms.length; j++) {
      var d = distance(term, this.terms[j], options.fuzzy)
      if (d > 0 && d <= options.fuzzy) out.push([j, FUZZY_WEIGHT / d])
    }
  }
  return out
}

/* BM25 over the fields, added into `scores` (one slot per entry); the index
 * terms that matched go into `matched`. */
Prebuilt.prototype.match = function (term, options, scores, matched) {
  this.expand(term, options).forEach(function (found) {
    matched.add(this.terms[found[0]])
    this.score(found[0], found[1], scores)
  }, this)
}

/* BM25 of a word as written (T.form), added into `scores`. */
Prebuilt.prototype.matchWritten = function (form, scores) {
  if (this.formAt.has(form)) this.score(this.formAt.get(form), 1, scores)
}

/* BM25 of index entry i (a term or a written form) times weight, added into `scores`. */
Prebuilt.prototype.score = function (i, weight, scores) {
  var entries = this.entries(i), docs = entries.docs
  var idf = Math.log(1 + (this.count - docs + 0.5) / (docs + 0.5))
  for (var e = 0; e < entries.length; e += 3) {
    var doc = entries[e], field = entries[e + 1], tf = entries[e + 2]
    var norm = this.lengths[doc * this.fields + field] / (this.average[field] || 1)
    scores[doc] += weight * FIELD_BOOST[field] * idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * norm))
  }
}
/* Levenshtein distance of a and b, or limit + 1 once it is larger than limit. */
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  var prev = [], cur = []
  for (var j = 0; j <= b.length; j++) prev[j] = j
  for (var i = 1; i <= a.length; i++) {
    cur = [i]
    var best = i
    for (var k = 1; k <= b.length; k++) {
      cur[k] = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + (a[i - 1] === b[k - 1] ? 0 : 1))
      if (cur[k] < best) best = cur[k]
    }
    if (best > limit) return limit + 1
    prev = cur
  }
  return prev[b.length]
}

/* The texts of the entries, in chunks: those a result shows are loaded first,
 * the rest in the background once the index is ready. */
function Texts(data) {
  this.starts = []
  var start = 0
  for (var i = 0; i < (data.chunks || []).length; i++) { this.starts.push(start); start += data.chunks[i] }
  this.chunks = []
  this.pending = new Map()
  var store = this
  self.__policyText = function (n, texts) { store.chunks[n] = texts }
}

Texts.prototype.chunkOf = function (doc) {
  var lo = 0, hi = this.starts.length - 1
  while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (this.starts[mid] <= doc) lo = mid; else hi = mid - 1 }
  return lo
}

Texts.prototype.get = function (doc) {
  var n = this.chunkOf(doc), chunk = this.chunks[n]
  return (chunk && chunk[doc - this.starts[n]]) || ""
}

/* Load the chunks holding these entries (a promise; at once in a real worker). */
Texts.prototype.need = function (docs) {
  var wanted = new Set()
  docs.forEach(function (d) { var n = this.chunkOf(d); if (!this.chunks[n]) wanted.add(n) }, this)
  return Promise.all(Array.from(wanted).map(this.load, this))
}

Texts.prototype.load = function (n) {
  if (this.chunks[n]) return Promise.resolve()
  if (!this.pending.has(n))
    this.pending.set(n, Promise.resolve(importScripts(new URL("../../../search/policy/text-" + n + ".js", here).href)).catch(function () {}))
  return this.pending.get(n)
}

/* The rest of the chunks, one at a time, letting queries in between. */
Texts.prototype.background = function () {
  var store = this, n = 0
  if (this.starts.length > BACKGROUND_CHUNKS) return
  function next() {
    while (n < store.starts.length && store.chunks[n]) n++
    if (n >= store.starts.length) return
    store.load(n).then(function () { setTimeout(next, 15) })
  }
  setTimeout(next, 15)
}

/* -- without the prebuilt index: MiniSearch over Material's entries -------- */

function Mini(docs, stop) {
  this.mini = new MiniSearch({
    fields: ["title", "text"],
    storeFields: [],
    tokenize: function (text) { return T.words(text.replace(/<[^>]*>/g, " ").replace(/&[a-z]+;|&#\d+;/g, " ")) },
    processTerm: function (word) { return stop.has(word) ? null : T.term(word) },
    searchOptions: { tokenize: function (s) { return [s] }, processTerm: function (t) { return t } }
  })
  this.mini.addAll(docs.map(function (d, id) { return { id: id, title: d[1], text: d[2] } }))
}

Mini.prototype.has = function (term) { return this.mini._index.has(term) }

Mini.prototype.match = function (term, options, scores, matched) {
  this.mini.search(term, { prefix: options.prefix, fuzzy: options.fuzzy, boost: { title: 3 }, weights: { fuzzy: FUZZY_WEIGHT, prefix: PREFIX_WEIGHT } })
    .forEach(function (r) { scores[r.id] += r.score; r.terms.forEach(function (t) { matched.add(t) }) })
}
/* -- the engine ----------------------------------------------------------- */

function Engine(data, index, texts) {
  var self_ = this
  this.index = index
  this.texts = texts
  this.stop = new Set(data.stop || [])
  this.institutions = data.institutions || []
  this.heads = data.heads
  this.docs = data.page.map(function (page, id) {
    var anchor = data.anchors[id]
    return { id: id, page: page, location: data.pages[page] + (anchor ? "#" + anchor : ""), title: data.titles[id],
             kind: data.kinds[id] || "p", inst: data.owner[id], topics: data.filed[id] || [] }
  })
  this.answerOf = new Map()
  this.docs.forEach(function (d) {
    if (d.kind === "a" && d.topics.length) self_.answerOf.set(d.topics[0], d.id)
  })
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
/* How to match one term: whole word if short; prefix while typing it or when
 * long; close spellings when the index lacks it. */
Engine.prototype.options = function (term, alt) {
  var length = term.length
  return {
    prefix: (alt.typing && length >= 3) || length >= 7,
    fuzzy: alt.typed && length >= 5 && !this.index.has(term) ? (length >= 6 ? 2 : 1) : 0
  }
}

/* Scores of entries holding every term of an alternative, matched with
 * these options (null: the options of each term), or 0. */
Engine.prototype.searchAlt = function (alt, options, matched) {
  var n = this.docs.length, sum = null
  alt.terms.forEach(function (t) {
    var scores = new Float64Array(n)
    this.index.match(t, options || this.options(t, alt), scores, matched)
    if (sum === null) { sum = scores; return }
    for (var d = 0; d < n; d++) sum[d] = sum[d] > 0 && scores[d] > 0 ? sum[d] + scores[d] : 0
  }, this)
  return sum
}

/* One concept: per entry, whether it holds the word as typed (or its stem),
 * and a score: that exact match (more where the word is written as typed, not
 * in another form), plus a small share of the best of the alternatives
 * (synonyms, prefixes, close spellings; each needs all its terms). Each
 * alternative keeps its scores, to tell which words matched. */
Engine.prototype.searchConcept = function (concept, matched) {
  var n = this.docs.length
  var best = new Float64Array(n)
  var exact = this.searchAlt(concept.alts[0], { prefix: false, fuzzy: 0 }, matched)
  T.words(concept.word).forEach(function (w) {
    var form = T.form(w)
    if (this.stop.has(w) || !form || !this.index.matchWritten) return
    var written = new Float64Array(n)
    this.index.matchWritten(form, written)
    for (var d = 0; d < n; d++) if (exact[d] > 0) exact[d] += WRITTEN_WEIGHT * written[d]
  }, this)
  concept.alts.forEach(function (alt) {
    var sum = this.searchAlt(alt, null, matched)
    for (var d = 0; d < n; d++) if (sum[d] > best[d]) best[d] = sum[d]
    alt.scores = sum
  }, this)
  for (var d = 0; d < n; d++) best[d] = exact[d] + LOOSE_WEIGHT * best[d]
  return { score: best, exact: exact }
}

/* -- answering ------------------------------------------------------------ */

Engine.prototype.search = function (query, tabs) {
  var parsed = this.parse(query)
  var concepts = parsed.concepts
  var matched = new Set()
  if (!concepts.length) return { groups: [], concepts: concepts, list: [], matched: matched }
  var n = this.docs.length
  var excluded = new Float64Array(n)
  parsed.exclude.forEach(function (t) { this.index.match(t, {}, excluded, new Set()) }, this)
  var per = concepts.map(function (c) { return this.searchConcept(c, matched) }, this)
  var preferred = this.preferred(tabs)
  var covered = new Int32Array(n), exact = new Int32Array(n), total = new Float64Array(n)
  for (var c = 0; c < per.length; c++)
    for (var d = 0; d < n; d++) if (per[c].score[d] > 0) {
      covered[d]++
      total[d] += per[c].score[d]
      if (per[c].exact[d] > 0) exact[d]++
    }
  var scored = new Map()
  for (var id = 0; id < n; id++) {
    if (!covered[id] || excluded[id] > 0) continue
    var doc = this.docs[id]
    scored.set(id, { id: id, doc: doc, covered: covered[id], exact: exact[id], rank: total[id] * (KIND_WEIGHT[doc.kind] || 1),
                     answer: 0, mine: doc.inst >= 0 && doc.inst === preferred ? 1 : 0, from: [id] })
  }
  this.inherit(scored)
  this.answerFirst(scored)
  var list = Array.from(scored.values()).sort(compare)
  return { groups: this.group(list), concepts: concepts, list: list, matched: matched }
}
/* Material's result: items grouped by page, with texts (loaded by now) for
 * the first groups' first entries; the others show their titles. */
Engine.prototype.render = function (result) {
  var items = result.groups.map(function (group, g) {
    return group.map(function (s, k) {
      return s.placeholder
        ? { location: s.doc.location, title: s.doc.title, text: "", score: 0, terms: {} }
        : this.item(s, result, g < TEXT_GROUPS && k < TEXT_PER_GROUP)
    }, this)
  }, this)
  return { items: items, suggest: this.suggest(result.list, result.concepts) }
}
/* A topic page quotes the rules filed under it: it holds their words too, and
 * it is the answer to what they match. Its coverage (and how many words it
 * holds as typed) is the best of its own and its rules'; its rank adds the
 * ranks of its best three rules. */
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
    if (!a) scored.set(id, a = { id: id, doc: this.docs[id], covered: 0, exact: 0, rank: 0, answer: 0, mine: 0, from: [] })
    var best = 0
    rules.forEach(function (r) { best = Math.max(best, r.covered) })
    var top = rules.filter(function (r) { return r.covered === best }).sort(function (x, y) { return y.rank - x.rank }).slice(0, 3)
    var exact = top.reduce(function (most, r) { return Math.max(most, r.exact) }, 0)
    if (best > a.covered) { a.covered = best; a.exact = 0; a.from = [] }
    if (best === a.covered) { a.exact = Math.max(a.exact, exact); top.forEach(function (r) { a.from.push(r.id) }) }
    a.rank += top.reduce(function (sum, r) { return sum + r.rank }, 0) * INHERIT
  }, this)
}

/* The answer first, where it answers as well as the rules: among entries
 * holding as many of the query's words, a topic page goes first when it holds
 * as many of them as typed (itself or in the rules it quotes, not only
 * through an expansion) as the best rule does, and either quotes that rule or
 * ranks about as high. Otherwise it takes its place by rank among the rules. */
Engine.prototype.answerFirst = function (scored) {
  var best = new Map(), exact = new Map()
  scored.forEach(function (s) {
    if (s.doc.kind !== "r") return
    var top = best.get(s.covered)
    if (!top || s.rank > top.rank) best.set(s.covered, s)
    exact.set(s.covered, Math.max(exact.get(s.covered) || 0, s.exact))
  })
  scored.forEach(function (s) {
    if (s.doc.kind !== "a") return
    var top = best.get(s.covered)
    s.answer = !top || (s.exact >= exact.get(s.covered) && (s.from.indexOf(top.id) >= 0 || s.rank >= ANSWER_SHARE * top.rank)) ? 1 : 0
  })
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
/* Best page first, each page's entries best first, the page's own entry in
 * its group (Material shows it as the group's heading). */
Engine.prototype.group = function (list) {
  var groups = new Map()
  for (var i = 0; i < list.length; i++) {
    var s = list[i]
    var group = groups.get(s.doc.page)
    if (!group) {
      if (groups.size >= MAX_GROUPS) continue
      groups.set(s.doc.page, group = [])
    }
    if (group.length < MAX_PER_GROUP) group.push(s)
  }
  var out = []
  groups.forEach(function (group, page) {
    var head = this.heads[page]
    if (head >= 0 && !group.some(function (s) { return s.id === head }))
      group.push({ id: head, doc: this.docs[head], placeholder: true })
    out.push(group)
  }, this)
  return out
}

/* One result: its words found (true, also for ?h=) or missing (false). */
Engine.prototype.item = function (s, result, withText) {
  var terms = {}
  result.concepts.forEach(function (c) {
    var found = false
    c.alts.forEach(function (alt) {
      if (!s.from.some(function (id) { return alt.scores[id] > 0 })) return
      found = true
      terms[alt.word] = true
      terms[highlightWord(alt.word)] = true
    })
    if (!found) terms[c.word] = false
  })
  return {
    location: s.doc.location,
    title: mark(s.doc.title, result.matched),
    text: withText ? mark(this.texts.get(s.id), result.matched) : "",
    score: s.covered + s.rank / (1 + s.rank),
    terms: terms
  }
}

/* For ?h= (Material highlights words starting with it), besides the word: its
 * start shared with its index term, which other forms of the word also start with. */
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

/* Without search/policy/ (a build without the site's hook): index what Material sends. */
function fromSetup(data) {
  var docs = ((data && data.docs) || []).map(function (d) { return [d.location, d.title, d.text] })
  var pages = new Map(), heads = []
  var page = docs.map(function (d, id) {
    var path = d[0].split("#")[0]
    if (!pages.has(path)) { pages.set(path, pages.size); heads.push(-1) }
    if (path === d[0] && heads[pages.get(path)] < 0) heads[pages.get(path)] = id
    return pages.get(path)
  })
  var anchors = docs.map(function (d) { return d[0].split("#")[1] || "" })
  return Promise.resolve(importScripts(new URL("../vendor/minisearch-7.2.0.umd.js", here).href)).then(function () {
    var texts = { get: function (id) { return docs[id][2] }, need: function () { return Promise.resolve() }, background: function () {} }
    var shape = { pages: Array.from(pages.keys()), page: page, heads: heads, anchors: anchors, titles: docs.map(function (d) { return d[1] }),
                  kinds: "", owner: page.map(function () { return -1 }), filed: [] }
    engine = new Engine(shape, new Mini(docs, new Set()), texts)
  })
}

var started = false
/* Answer one query; after the first, load the remaining texts in the background. */
function answer(query, tabs) {
  var result = engine.search(query, tabs)
  var shown = []
  result.groups.slice(0, TEXT_GROUPS).forEach(function (group) { group.slice(0, TEXT_PER_GROUP).forEach(function (s) { shown.push(s.id) }) })
  return engine.texts.need(shown).then(function () {
    if (!started) { started = true; engine.texts.background() }
    return engine.render(result)
  })
}

function handle(message) {
  switch (message.type) {
    case 0:
      return loading.then(function () { return engine ? null : fromSetup(message.data) }).then(function () { return { type: 1 } })
    case 2:
      return loading.then(function () {
        return engine ? answer(String(message.data || ""), message.tabs) : { items: [] }
      }).then(function (data) {
        return { type: 3, data: data }
      }, function () {
        return { type: 3, data: { items: [] } }
      })
    default:
      return Promise.resolve(null)
  }
}

/* In a real worker, load at once and say READY early. Under the iframe shim
 * (file://) the worker shares the page's thread: load when search opens. */
function start() {
  if (!loading) loading = load().then(function () {
    if (!engine) return
    postMessage({ type: 1 })
  })
}
if (typeof document === "undefined") start()

addEventListener("message", function (ev) {
  start()
  handle(ev.data).then(function (reply) { if (reply) postMessage(reply) })
})
