// The index page's search: the rules of silkroad_data.textsearch (sd.search), applied to the index
// the build wrote (search-index.js). Every figure is already listed in the page; a search only
// hides, shows and orders those items, so the page is complete without this script.
(function () {
  "use strict";
  var INDEX = window.SILKROAD_INDEX;
  var form = document.getElementById("search");
  var list = document.getElementById("results");
  if (!INDEX || !form || !list) return;

  // Lower case without accents, underscores as spaces: textsearch.fold.
  function fold(text) {
    // (toLowerCase and the replacement of ß: what Python's casefold does to the letters of these texts)
    return String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/ß/g, "ss").replace(/_/g, " ");
  }
  function isUpper(s) { return s === s.toUpperCase() && s !== s.toLowerCase(); }
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  // A word matches where a word of the text begins with it; an area's name only as a whole word.
  function starts(w) { return "(?<![a-z0-9])" + escapeRe(w); }
  function whole(w) { return starts(w) + "(?![a-z0-9])"; }

  var STOP = new Set(INDEX.stop);
  var AREAS = INDEX.areas;
  // the most words of any area's name ("Islas Vírgenes de los Estados Unidos" has six)
  var LONGEST = Math.max.apply(null, Object.keys(AREAS).map(function (name) { return name.split(" ").length; }));
  var WORDS_OF = {};  // area code -> its folded names (not its code: 'bra' is also part of words)
  Object.keys(AREAS).forEach(function (name) {
    var code = AREAS[name];
    if (name !== code.toLowerCase()) (WORDS_OF[code] = WORDS_OF[code] || []).push(name);
  });

  // The query as terms: ["area", CODE] for a run of words naming an area, else ["word", word].
  function terms(text) {
    // accents dropped first, so that a decomposed "São" stays one word (textsearch._words)
    var raw = String(text).normalize("NFKD").replace(/\p{M}/gu, "").split(/[^\p{L}\p{N}_$%.+-]+/u).filter(Boolean);
    var words = raw.map(fold);
    var out = [], i = 0;
    while (i < words.length) {
      var matched = false;
      for (var n = LONGEST; n >= 1; n--) {
        if (i + n > words.length) continue;
        var phrase = words.slice(i, i + n).join(" ");
        var code = Object.prototype.hasOwnProperty.call(AREAS, phrase.trim()) ? AREAS[phrase.trim()] : null;
        // a code counts as an area only written in capitals ("PER", not "per" in "GDP per capita")
        if (code !== null && n === 1 && phrase === code.toLowerCase() && !isUpper(raw[i])) code = null;
        if (code !== null && !(n === 1 && STOP.has(words[i]))) {
          out.push(["area", code]); i += n; matched = true; break;
        }
      }
      if (!matched) {
        // a word as the index holds it, letters and digits; "e-commerce" the phrase "e commerce"
        var parts = words[i].replace(/%/g, " percent ").replace(/\$/g, " dollar ").split(/[^a-z0-9]+/).filter(Boolean);
        if (!STOP.has(words[i]) && parts.length) out.push(["word", parts.join(" ")]);
        i += 1;
      }
    }
    return out;
  }

  // The score of each figure: 0 where a word matches nowhere (textsearch._score).
  function scores(figures, text) {
    var total = figures.map(function () { return 0; });
    terms(text).forEach(function (term) {
      var re = null, best, stemRe = null;
      if (term[0] === "area") {
        var names = WORDS_OF[term[1]] || [];
        if (names.length) re = new RegExp(names.map(whole).join("|"));
        best = figures.map(function (f) {
          return f.codes[0] === term[1] || f.codes[1] === term[1] ? INDEX.codeWeight : 0;
        });
      } else {
        re = new RegExp(starts(term[1]));
        // a word of the index's vocabulary matches every word whose stem begins with its stem ("investments": "investor")
        var stem = Object.prototype.hasOwnProperty.call(INDEX.stemOf, term[1]) ? INDEX.stemOf[term[1]] : null;
        var stemRe = stem ? new RegExp(starts(stem)) : null;  // a prefix of a stem, as sd.search asks its index
        best = figures.map(function () { return 0; });
      }
      if (re) {
        INDEX.weights.forEach(function (weight, tier) {
          figures.forEach(function (f, k) {
            if (best[k] < weight && (re.test(f.texts[tier]) || (stemRe && stemRe.test(f.stems[tier])))) best[k] = weight;
          });
        });
      }
      total = total.map(function (t, k) { return (best[k] > 0 ? t : -10000) + best[k]; });
    });
    return total.map(function (t) { return Math.max(t, 0); });
  }

  // The filters: table, area (subject or counterpart), paper, and a year the period overlaps.
  function narrowed(values) {
    return INDEX.figures.filter(function (f) {
      if (values.table && f.table !== values.table) return false;
      if (values.area && f.codes[0] !== values.area && f.codes[1] !== values.area) return false;
      if (values.paper && f.source !== values.paper) return false;
      if (values.period) {
        if (!f.start || !f.end) return false;
        if (f.start > values.period + "-12-31" || f.end < values.period + "-01-01") return false;
      }
      return true;
    });
  }

  // Figures matching every word, best first; equal scores by table, series, period and id.
  function search(values) {
    var figures = narrowed(values);
    if (!values.q.trim()) return figures;
    var s = scores(figures, values.q);
    var hits = figures.map(function (f, k) { return [f, s[k]]; }).filter(function (p) { return p[1] > 0; });
    hits.sort(function (a, b) { return b[1] - a[1] || a[0].rank - b[0].rank; });
    return hits.map(function (p) { return p[0]; });
  }

  var items = {};
  Array.prototype.forEach.call(list.querySelectorAll("li[data-obs-id]"), function (li) {
    items[li.getAttribute("data-obs-id")] = li;
  });
  var order = Object.keys(items);
  var status = document.getElementById("search-status");

  function values() {
    var v = {};
    ["q", "table", "area", "paper", "period"].forEach(function (name) {
      var el = form.elements[name];
      v[name] = el ? el.value : "";
    });
    return v;
  }

  function show() {
    var v = values();
    var found = search(v);
    var shown = new Set(found.map(function (f) { return f.id; }));
    order.forEach(function (id) { items[id].hidden = !shown.has(id); });
    found.forEach(function (f) { if (items[f.id]) list.appendChild(items[f.id]); });
    var filtered = v.q.trim() || v.table || v.area || v.paper || v.period;
    status.textContent = filtered ? found.length + (found.length === 1 ? " figure found" : " figures found")
                                  : order.length + " figures";
    var params = new URLSearchParams();
    Object.keys(v).forEach(function (k) { if (v[k]) params.set(k, v[k]); });
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  // A search given in the address (index.html?q=Sao+Paulo) is run on arrival.
  var given = new URLSearchParams(location.search);
  given.forEach(function (value, key) { if (form.elements[key]) form.elements[key].value = value; });
  form.addEventListener("input", show);
  form.addEventListener("change", show);
  form.addEventListener("submit", function (e) { e.preventDefault(); show(); });
  document.documentElement.classList.add("js");
  if (location.search) show();
})();
