#!/usr/bin/env node
// Not a test: files and bytes of the index a query fetches, from a fresh client each query,
// plus the index's total size and file count. Uses the browser's own engine (engine.js).
//   node Benchmarks/search_fetch.mjs SITE_DIR [query…]
import { readFile, readdir, stat } from 'node:fs/promises';
import { SearchIndex } from '../templates/assets/search/engine.js';

const [dir, ...given] = process.argv.slice(2);
const queries = given.length ? given : ['目視', 'ドローン 点検', '道路法', '近接目視', '定期報告', '圃場'];
const folder = `${dir}/search`;
const names = await readdir(folder);
let total = 0;
for (const name of names) total += (await stat(`${folder}/${name}`)).size;
console.log(`index: ${names.length} files, ${(total / 1024).toFixed(0)} KB`);
const load = (name) => readFile(`${folder}/${name}`).then((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
for (const query of queries) {
  const index = await SearchIndex.open(load);
  const started = performance.now();
  const results = await index.search(query, {}, 5);
  const ms = performance.now() - started;
  const facetBytes = (await stat(`${folder}/${index.manifest.documentFacets}`)).size + (await stat(`${folder}/${index.manifest.facets}`)).size;
  console.log(`${query}\t${results.total} results\t${index.filesRead} files\t${(index.bytesRead / 1024).toFixed(1)} KB` +
    `\t(of which facets ${(facetBytes / 1024).toFixed(1)} KB)\t${ms.toFixed(0)} ms`);
}
