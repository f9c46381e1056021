#!/usr/bin/env node
// Not a test: what the facet counts read (every key's file of the document facet table) against
// what any per-document code of the same values needs at least. Per key: its values, its file's
// bytes, the distinct combinations of values a document has, and their order-0 entropy; then the
// same for each document's whole row (every key together), and for a few groups of keys.
//   node Benchmarks/search_facet_entropy.mjs SITE_DIR
import { readFile } from 'node:fs/promises';
import { SearchIndex } from '../templates/assets/search/engine.js';

const [dir] = process.argv.slice(2);
const index = await SearchIndex.open((name) => readFile(`${dir}/search/${name}`).then((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.length)));
const { facets } = index.manifest, total = index.manifest.documents;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
// The order-0 entropy, in bytes, of `total` documents' `key(document)`, and how many keys differ.
const entropy = (key) => {
  const seen = new Map();
  for (let d = 0; d < total; d++) { const k = key(d); seen.set(k, (seen.get(k) ?? 0) + 1); }
  let bits = 0;
  for (const n of seen.values()) bits -= n * Math.log2(n / total);
  return [bits / 8, seen.size];
};
const columns = [];
let bytes = 0;
for (let k = 0; k < facets.length; k++) {
  const before = index.bytesRead;
  columns.push(await index.facetColumn(k));
  bytes += index.bytesRead - before;
  const [h, combinations] = entropy((d) => columns[k][d].join(','));
  console.log(`${facets[k].key}\t${facets[k].values.length} values\tfile ${kb(index.bytesRead - before)}\t${combinations} combinations\tentropy ${kb(h)}`);
}
const row = (keys) => (d) => keys.map((k) => columns[k][d].join(',')).join('|');
const [h, rows] = entropy(row(facets.map((_, k) => k)));
console.log(`all ${facets.length} keys\t${facets.reduce((n, f) => n + f.values.length, 0)} values\tfiles ${kb(bytes)}\t${rows} rows\tentropy ${kb(h)}`);
for (let a = 0; a < facets.length; a++) {
  for (let b = a + 1; b < facets.length; b++) {
    const [pair] = entropy(row([a, b]));
    const [ea] = entropy(row([a])), [eb] = entropy(row([b]));
    if (pair < 0.8 * (ea + eb)) console.log(`  ${facets[a].key} with ${facets[b].key}: ${kb(pair)} together, ${kb(ea + eb)} apart`);
  }
}
