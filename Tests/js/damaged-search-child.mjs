// Run by damaged-index.test.mjs in a process of its own, so that a search that never ends is
// killed by the test's timeout rather than blocking the test runner: searches the index in FOLDER
// with one damage applied in memory (CASE), and exits 0 when every search threw or answered.
//   node Tests/js/damaged-search-child.mjs FOLDER CASE
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SearchIndex } from '../../templates/assets/search/engine.js';

const [folder, damage] = process.argv.slice(2);
const files = new Map(readdirSync(folder).map((name) => [name, new Uint8Array(readFileSync(join(folder, name)))]));
const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')));
// A varint of 2^62 or so: a count that no loop may run to.
const huge = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F];
const set = (name, bytes) => files.set(name, Uint8Array.from(bytes));
const json = (value) => new TextEncoder().encode(JSON.stringify(value));
switch (damage) {
  case 'term-counts':
    // Every shard's term count (its first varint) made huge.
    for (const [name, bytes] of files) {
      if (/^[sgc]\d+\./.test(name)) { let k = 0; while (bytes[k] >= 0x80) k++; set(name, [...huge, ...bytes.slice(k + 1)]); }
    }
    break;
  case 'documents': manifest.documents = 1e12; files.set('manifest.json', json(manifest)); break;
  case 'facet-bits':
    for (const key of manifest.documentFacets.keys) if (key.encoding !== 'values') key.bits = 1e9;
    files.set('manifest.json', json(manifest));
    break;
  default: throw new Error(`no damage ${damage}`);
}
const load = async (name) => {
  const b = files.get(name);
  if (!b) throw new Error(`no ${name}`);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
};
for (const query of ['点検', 'ドローン 点検', '"近接 目視"', '法', 'dro', '']) {
  try { await (await SearchIndex.open(load)).search(query, {}, 5); } catch { /* an answer: the site is named as failing */ }
}
