/* Search text analysis, shared by the index and the query (the same words, the
 * same way): split into words, fold case and accents, one spelling for British
 * and American word endings, Porter stemming. Loaded by worker.js; also
 * loadable in a page (self.PolicySearchText) so tests can call it.
 *
 * porterStem: M.F. Porter's algorithm (1980), written after his reference
 * JavaScript version (https://tartarus.org/martin/PorterStemmer/, free to use),
 * with the regular expressions compiled once and one change: step 4 keeps
 * "-er" (a reporter is not a report, a manager not a manage).
 */
(function (root) {
  "use strict"

  var c = "[^aeiou]", v = "[aeiouy]"
  var C = c + "[^aeiouy]*", V = v + "[aeiou]*"
  var mgr0 = new RegExp("^(" + C + ")?" + V + C)
  var meq1 = new RegExp("^(" + C + ")?" + V + C + "(" + V + ")?$")
  var mgr1 = new RegExp("^(" + C + ")?" + V + C + V + C)
  var sV = new RegExp("^(" + C + ")?" + v)
  var cvc = new RegExp("^" + C + v + "[^aeiouwxy]$")
  var step2 = { ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", bli: "ble", alli: "al", entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate", ator: "ate", alism: "al", iveness: "ive", fulness: "ful", ousness: "ous", aliti: "al", iviti: "ive", biliti: "ble", logi: "log" }
  var step3 = { icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: "" }
  var re1a = /^(.+?)(ss|i)es$/, re1a2 = /^(.+?)([^s])s$/
  var re1b = /^(.+?)eed$/, re1b2 = /^(.+?)(ed|ing)$/
  var reAtBlIz = /(at|bl|iz)$/, reDouble = /([^aeiouylsz])\1$/
  var re1c = /^(.+?)y$/
  var re2 = /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/
  var re3 = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/
  var re4 = /^(.+?)(al|ance|ence|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/
  var re4b = /^(.+?)(s|t)(ion)$/
  var re5 = /^(.+?)e$/

  function porterStem(w) {
    if (w.length < 3) return w
    var m, stem
    var y = w.charAt(0) === "y"
    if (y) w = "Y" + w.slice(1)
    if ((m = re1a.exec(w))) w = m[1] + m[2]
    else if ((m = re1a2.exec(w))) w = m[1] + m[2]
    if ((m = re1b.exec(w))) {
      if (mgr0.test(m[1])) w = w.slice(0, -1)
    } else if ((m = re1b2.exec(w)) && sV.test(m[1])) {
      w = m[1]
      if (reAtBlIz.test(w)) w += "e"
      else if (reDouble.test(w)) w = w.slice(0, -1)
      else if (cvc.test(w)) w += "e"
    }
    if ((m = re1c.exec(w)) && sV.test(m[1])) w = m[1] + "i"
    if ((m = re2.exec(w)) && mgr0.test(m[1])) w = m[1] + step2[m[2]]
    if ((m = re3.exec(w)) && mgr0.test(m[1])) w = m[1] + step3[m[2]]
    if ((m = re4.exec(w))) {
      if (mgr1.test(m[1])) w = m[1]
    } else if ((m = re4b.exec(w))) {
      stem = m[1] + m[2]
      if (mgr1.test(stem)) w = stem
    }
    if ((m = re5.exec(w))) {
      stem = m[1]
      if (mgr1.test(stem) || (meq1.test(stem) && !cvc.test(stem))) w = stem
    }
    if (/ll$/.test(w) && mgr1.test(w)) w = w.slice(0, -1)
    if (y) w = "y" + w.slice(1)
    return w
  }

  /* One spelling for regular British/American endings, before stemming:
   * -ise/-isation -> -ize, -yse -> -yze, -our -> -or, -tre -> -ter. */
  var spellings = [
    [/^(.{3,})is(e|es|ed|ing|ation|ations|er|ers)$/, "$1iz$2"],
    [/^(.{2,})ys(e|es|ed|ing)$/, "$1yz$2"],
    [/^(.{2,}[ilmnbvd])our(s|ed|ing|ite|ites|able|ful|less)?$/, "$1or$2"],
    [/^(.{2,}[^aeiou])tre(s)?$/, "$1ter$2"]
  ]

  function spell(word) {
    for (var i = 0; i < spellings.length; i++)
      if (spellings[i][0].test(word)) return word.replace(spellings[i][0], spellings[i][1])
    return word
  }

  /* Words of a text: lowercase, accents and apostrophes dropped, split at anything not a letter or digit. */
  var marks = /[\u0300-\u036f]/g
  var apostrophes = /['\u2019\u2018`]/g
  var separators = /[^\p{L}\p{N}]+/u
  var ascii = /^[\x00-\x7f]*$/
  function words(text) {
    var lower = String(text).toLowerCase()
    if (!ascii.test(lower)) lower = lower.normalize("NFD").replace(marks, "")
    var out = lower.replace(apostrophes, "").split(separators)
    return out.filter(function (w) { return w.length > 0 })
  }

  var cache = new Map()
  /* The index form of one word (from words()). */
  function term(word) {
    var t = cache.get(word)
    if (t === undefined) {
      t = /^\d+$/.test(word) ? word : porterStem(spell(word))
      cache.set(word, t)
    }
    return t
  }

  /* The word as written (one spelling) when that differs from its term, else
   * "": indexed beside the term (search_text.form). */
  function form(word) {
    var written = spell(word)
    return /^\d+$/.test(word) || written === term(word) ? "" : written
  }

  root.PolicySearchText = { porterStem: porterStem, spell: spell, words: words, term: term, form: form }
})(self)
