#!/usr/bin/env node
// Not a test: how deep into each cut list a query of several frequent terms must read, in the
// order of the term's own weight (impact order), before its first page is exact: the rule of
// `rank` in engine.js (the five best exactly scored, every other match's bound below the fifth by
// more than headMargin), with every unread posting of a term bounded by the weight of its best
// unread one. This is the stopping rule of Fagin's no-random-access algorithm (NRA) with exact
// scores on the page, over AND queries whose matches are known from the shards.
//   node Benchmarks/search_head_depth.mjs SITE_DIR [query…]
// Per query: each term's list size and its five heaviest weight classes, the smallest depth
// (the same for every cut list, to 256 documents; a list not cut is read whole) from which the page is exact, and what reading to
// it costs in blocks of 2,048, 8,192, 32,768, … after the head (each block's documents as varint
// gaps or a bitmap, whichever is smaller, and a one-byte payload each; estimated, not written).
import { readFile } from 'node:fs/promises';
import { SearchIndex, parseQuery } from '../templates/assets/search/engine.js';

const [dir, ...given] = process.argv.slice(2);
const queries = given.length ? given : ['ドローン 点検', 'ドローン 点検 橋', '目視 点検 道路'];
const index = await SearchIndex.open((name) => readFile(`${dir}/search/${name}`).then((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.length)));
index.heads = false;
const layout = index.manifest.layout, average = index.manifest.averageBodyLength, total = index.manifest.documents;
const weight = (fields, bucket) => {
  const norm = 1 - layout.b + (layout.b * layout.lengths[bucket]) / average;
  return layout.weights[0] * fields[0] + layout.weights[1] * fields[1] + (layout.weights[2] * fields[2]) / norm;
};
const margin = (score) => 1e-9 * Math.max(1, Math.abs(score));
for (const query of queries) {
  const lists = [];
  for (const term of parseQuery(query)) lists.push(await index.match(term));
  // Each term's postings, heaviest first, ties to the lower document (PostingHead.swift's order).
  const orders = lists.map((list) => [...list].map(([d, p]) => [d, weight(p.fields, p.bucket)]).sort((a, b) => b[1] - a[1] || a[0] - b[0]));
  const idf = lists.map((list) => Math.log(1 + (total - list.size + 0.5) / (list.size + 0.5)));
  const score = (w, i) => (idf[i] * w * (layout.k1 + 1)) / (w + layout.k1);
  const candidates = [...lists[0].keys()].filter((d) => lists.every((list) => list.has(d)));
  const isCut = (list) => list.size > Math.max(layout.headDocuments, layout.headMinimumDocuments);
  // A list that is not cut is read whole.
  const exactFrom = (cutDepth) => {
    const depths = lists.map((list) => (isCut(list) ? cutDepth : list.size));
    const seen = orders.map((order, i) => new Map(order.slice(0, depths[i])));
    const bound = orders.map((order, i) => (depths[i] < order.length ? order[depths[i]][1] : 0));
    const scored = candidates.map((d) => {
      let s = 0, exact = true;
      lists.forEach((_, i) => {
        const w = seen[i].get(d);
        if (w === undefined) { exact = false; s += score(bound[i], i); } else s += score(w, i);
      });
      return [d, s, exact];
    }).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const shown = scored.slice(0, 5);
    if (!shown.length || shown.some(([, , exact]) => !exact)) return !shown.length;
    const last = shown[shown.length - 1][1];
    return scored.slice(5).every(([, s, exact]) => exact || s < last - margin(last));
  };
  let low = 512, high = Math.max(...lists.map((list) => list.size));
  if (exactFrom(low)) high = low;
  while (high - low > 256) { const middle = (low + high) >> 1; if (exactFrom(middle)) high = middle; else low = middle; }
  let files = 0, bytes = 0;
  for (const list of lists.filter(isCut)) {
    for (let read = layout.headDocuments, size = 4 * layout.headDocuments; read < Math.min(high, list.size); read += size, size *= 4) {
      const n = Math.min(size, list.size - read);
      files++;
      bytes += Math.min(n * Math.max(1, Math.ceil(Math.log2(total / n) / 7)), Math.ceil(total / 8)) + n;
    }
  }
  const classes = orders.map((order) => { const h = new Map(); for (const [, w] of order) h.set(w.toFixed(2), (h.get(w.toFixed(2)) ?? 0) + 1); return [...h].slice(0, 5).map(([w, n]) => `${w}×${n}`).join(' '); });
  console.log(`${query}\t${candidates.length} matches\tlists ${lists.map((l) => l.size).join(', ')}\texact from the ${high} best of each cut list\tblocks to there: ${files} files, ${(bytes / 1024).toFixed(1)} KB beyond the heads`);
  classes.forEach((c, i) => console.log(`  term ${i + 1} heaviest: ${c}`));
}
