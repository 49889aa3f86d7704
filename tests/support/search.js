// Runs Material's own search worker over a built site's search index, without a browser:
//   node search.js <site dir> <query>...  ->  JSON {query: [locations of the results, best first]}
// The worker is the file the site ships (assets/javascripts/workers/search.*.min.js); it loads
// lunr's language support with importScripts, which this file provides from the site's folder.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [site, ...queries] = process.argv.slice(2);
const workers = path.join(site, "assets", "javascripts", "workers");
const worker = fs.readdirSync(workers).find(f => /^search\..*\.min\.js$/.test(f));
const index = JSON.parse(fs.readFileSync(path.join(site, "search", "search_index.json"), "utf8"));

let listener = null;
const replies = [];
const context = {
  console, setTimeout, clearTimeout, URL, TextEncoder, TextDecoder,
  addEventListener: (type, fn) => { if (type === "message") listener = fn; },
  postMessage: message => replies.push(message),
  importScripts: (...urls) => {
    for (const url of urls) {
      const file = path.join(workers, url);  // urls are relative to the worker: ../lunr/min/...
      vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
    }
  },
};
context.self = context;
context.globalThis = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(path.join(workers, worker), "utf8"), context, { filename: worker });

async function ask(message) {
  replies.length = 0;
  await listener({ data: message });
  return replies[replies.length - 1];
}

(async () => {
  // SETUP, as the page sends it: the index and the search options of the theme
  const ready = await ask({ type: 0, data: { ...index, options: { suggest: false } } });
  if (!ready || ready.type !== 1) throw new Error("the search worker did not start: " + JSON.stringify(ready));
  const out = {};
  for (const query of queries) {
    const result = await ask({ type: 2, data: query });  // QUERY
    out[query] = result.data.items.map(group => group.map(item => item.location));
  }
  process.stdout.write(JSON.stringify(out));
})().catch(err => { console.error(err); process.exit(1); });
