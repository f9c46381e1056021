#!/usr/bin/env node
// Not a test: files and bytes of the index a query fetches, from a fresh client each query,
// plus the index's total size and file count. Uses the browser's own engine (engine.js).
//   node Benchmarks/search_fetch.mjs SITE_DIR [--files] [--every-bigram] [query…]
// --files lists every file each query read, with its size. --every-bigram proves a long CJK
// term's adjacency with all its bigrams, the general path the covering subset replaced.
import { readFile, readdir, stat } from 'node:fs/promises';
import { SearchIndex } from '../templates/assets/search/engine.js';

const args = process.argv.slice(2);
const listFiles = args.includes('--files');
const everyBigram = args.includes('--every-bigram');
const [dir, ...given] = args.filter((a) => a !== '--files' && a !== '--every-bigram');
const queries = given.length ? given : ['目視', 'ドローン 点検', '道路法', '近接目視', '定期報告', '圃場'];
const folder = `${dir}/search`;
const names = await readdir(folder);
let total = 0;
for (const name of names) total += (await stat(`${folder}/${name}`)).size;
console.log(`index: ${names.length} files, ${(total / 1024).toFixed(0)} KB`);
for (const query of queries) {
  const read = [];
  const load = (name) => readFile(`${folder}/${name}`).then((b) => {
    read.push(`${name} ${(b.length / 1024).toFixed(1)}`);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
  });
  // The search page loads the manifest (with the facet lists) and the document facet table once,
  // on opening; a query then fetches shards, positions and fragments. Both are printed: the
  // query alone and with the page's opening.
  const index = await SearchIndex.open(load);
  index.everyBigram = everyBigram;
  await index.loadFacets();
  const visit = { files: index.filesRead, bytes: index.bytesRead };
  const started = performance.now();
  const results = await index.search(query, {}, 5);
  const ms = performance.now() - started;
  console.log(`${query}\t${results.total} results\tquery ${index.filesRead - visit.files} files ${((index.bytesRead - visit.bytes) / 1024).toFixed(1)} KB` +
    `\twith page open ${index.filesRead} files ${(index.bytesRead / 1024).toFixed(1)} KB (manifest+facets ${(visit.bytes / 1024).toFixed(1)} KB)\t${ms.toFixed(0)} ms`);
  if (listFiles) console.log(`  ${read.join(', ')}`);
}
