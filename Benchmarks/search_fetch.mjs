#!/usr/bin/env node
// Not a test: files and bytes of the index a query fetches, from a fresh client each query,
// plus the index's total size and file count. Uses the browser's own engine (engine.js).
//   node Benchmarks/search_fetch.mjs SITE_DIR [--files] [--every-bigram] [query…]
// A query may end in facet filters: 'ドローン law=building-standards-act'.
// --files lists every file each query read, with its size. --every-bigram proves a long CJK
// term's adjacency with all its bigrams, the general path the covering subset replaced.
// --regroup N also prints what the results would have read with N times the documents in each
// fragment bundle (bundles of consecutive documents: bundle k of the wider grouping is bundles
// kN … kN + N - 1 of this one, its JSON array their arrays joined, one byte less per join).
import { readFile, readdir, stat } from 'node:fs/promises';
import { SearchIndex } from '../templates/assets/search/engine.js';

const args = process.argv.slice(2);
const listFiles = args.includes('--files');
const everyBigram = args.includes('--every-bigram');
const regroupAt = args.indexOf('--regroup');
const regroup = regroupAt >= 0 ? Number(args[regroupAt + 1]) : 0;
const [dir, ...given] = args.filter((a, i) => a !== '--files' && a !== '--every-bigram' && a !== '--regroup' && (regroupAt < 0 || i !== regroupAt + 1));
const queries = given.length ? given : ['目視', 'ドローン 点検', '道路法', '近接目視', '定期報告', '圃場'];
const folder = `${dir}/search`;
const names = await readdir(folder);
let total = 0;
for (const name of names) total += (await stat(`${folder}/${name}`)).size;
console.log(`index: ${names.length} files, ${(total / 1024).toFixed(0)} KB`);
for (const given of queries) {
  // `QUERY key=value…`: the words after the query that name a facet value are filters.
  const words = given.split(' ');
  const filters = {};
  for (const word of words.filter((w) => /^[a-z]+=/.test(w))) {
    const [key, value] = word.split('=');
    (filters[key] ??= []).push(value);
  }
  const query = words.filter((w) => !/^[a-z]+=/.test(w)).join(' ');
  const label = given;
  const read = [], sizes = [];
  const load = (name) => readFile(`${folder}/${name}`).then((b) => {
    read.push(`${name} ${(b.length / 1024).toFixed(1)}`);
    sizes.push([name, b.length]);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
  });
  // The search page loads the manifest on opening; a query then fetches shards, positions and
  // fragments for its results, and the facet files for its counts after them (a filtered key's
  // file with the results). Printed: the results alone, with the page's opening, and the counts.
  const index = await SearchIndex.open(load);
  index.everyBigram = everyBigram;
  const visit = { files: index.filesRead, bytes: index.bytesRead };
  const started = performance.now();
  const results = await index.results(query, filters, 5);
  const ms = performance.now() - started;
  const shown = { files: index.filesRead, bytes: index.bytesRead };
  const resultFiles = sizes.slice();
  await index.facetCounts(results);
  console.log(`${label}\t${results.total} results\tquery ${shown.files - visit.files} files ${((shown.bytes - visit.bytes) / 1024).toFixed(1)} KB` +
    `\twith page open ${shown.files} files ${(shown.bytes / 1024).toFixed(1)} KB (manifest ${(visit.bytes / 1024).toFixed(1)} KB)` +
    `\tcounts +${index.filesRead - shown.files} files ${((index.bytesRead - shown.bytes) / 1024).toFixed(1)} KB\t${ms.toFixed(0)} ms`);
  if (regroup > 1) {
    const bundle = /^f(\d+)\.(\w+)\.json$/;
    const others = resultFiles.filter(([name]) => !bundle.test(name));
    const groups = new Set(resultFiles.filter(([name]) => bundle.test(name)).map(([name]) => Math.floor(Number(bundle.exec(name)[1]) / regroup)));
    let bytes = others.reduce((sum, [, size]) => sum + size, 0);
    for (const group of groups) {
      let joined = 0, parts = 0;
      for (let n = group * regroup; n < (group + 1) * regroup; n++) {
        const name = names.find((x) => x.startsWith(`f${n}.`));
        if (name) { joined += (await stat(`${folder}/${name}`)).size; parts++; }
      }
      bytes += joined - (parts - 1);
    }
    console.log(`  with ${regroup}× the documents per bundle: ${others.length + groups.size} files ${(bytes / 1024).toFixed(1)} KB`);
  }
  if (listFiles) console.log(`  ${read.join(', ')}`);
}
