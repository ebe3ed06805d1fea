// Renders CSL-JSON items (stdin) with citeproc-js and the APA 7 CSL style, as plain text:
// prints {"bibliography": {id: entry}, "citations": {id: in-text}} as JSON on stdout.
// The style and the en-US locale come from the pinned @citation-js/plugin-csl package (no download).
"use strict";
const CSL = require("citeproc");
const styles = require("@citation-js/plugin-csl/lib/styles.json");
const locales = require("@citation-js/plugin-csl/lib/locales.json");

const items = JSON.parse(require("fs").readFileSync(0, "utf8"));
const byId = Object.fromEntries(items.map((i) => [i.id, i]));
const sys = { retrieveLocale: (lang) => locales[lang] || locales["en-US"], retrieveItem: (id) => byId[id] };
const engine = new CSL.Engine(sys, styles.apa, "en-US");
engine.setOutputFormat("text");
engine.updateItems(items.map((i) => i.id));
const [meta, entries] = engine.makeBibliography();
const bibliography = {};
meta.entry_ids.forEach((ids, n) => { bibliography[ids[0]] = entries[n].trim(); });
const citations = {};
for (const item of items) {
  citations[item.id] = engine.makeCitationCluster([{ id: item.id }]);
}
process.stdout.write(JSON.stringify({ bibliography, citations }, null, 1));
