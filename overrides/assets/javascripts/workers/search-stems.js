/* Material's search worker, with Russian words found by their stem.

   Material adds "*" to every word of a query and so searches the beginnings of words: "приговор"
   finds "приговорён", but "приговора" (another case of the same word) finds nothing, and Material's
   own stemmer makes whole words fail (lunr does not stem a word that ends in "*"). Here a Russian
   word of the query is cut to the part it shares with its stem before it is looked up:
   "приговора*" becomes "приговор*". The index is not changed, and a word always still finds
   itself, so this only adds results. Latin words are searched as before.

   overrides/main.html points Material's configuration at this file instead of its worker. It runs
   as a worker, or, in the offline copy opened from file://, inside the iframe-worker shim, where
   importScripts is asynchronous and paths are relative to the page. */
(function () {
  "use strict";
  // Material 9.8.2's worker, beside this file (tests/integration/test_editions_build.py checks
  // that it is published)
  var MATERIAL = "search.a7633da7.min.js";
  var here = self.document && document.currentScript ? document.currentScript.src : self.location.href;
  var CYRILLIC = /[\u0400-\u04ff]/;

  function common(a, b) {
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return a.slice(0, i);
  }

  // the part of a word to search for: the word up to where it and its stem part, if that keeps
  // three letters or more (a shorter one would find half the site)
  function stemPrefix(word) {
    if (!CYRILLIC.test(word) || !(self.lunr && lunr.ru && lunr.ru.stemmer)) return word;
    var stem = String(lunr.ru.stemmer(word));
    var prefix = common(word, stem);
    return prefix.length >= 3 ? prefix : word;
  }

  function patch() {
    var query = lunr.Index.prototype.query;
    lunr.Index.prototype.query = function (build) {
      return query.call(this, function (q) {
        build.call(q, q);
        q.clauses.forEach(function (clause) {
          var m = /^([^*]+)\*$/.exec(clause.term);  // Material's "word*", nothing else
          if (m && !clause.usePipeline) clause.term = stemPrefix(m[1]) + "*";
        });
      });
    };
  }

  var loaded = importScripts(new URL(MATERIAL, here).href);
  if (loaded && typeof loaded.then === "function") loaded.then(patch);
  else patch();
})();
