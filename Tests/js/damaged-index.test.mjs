// Another site's index is data engine.js reads over the network (federation.js): searching a
// damaged one (a file cut short, bytes changed, runs of 0xFF: varints that never end, numbers far
// out of range) throws or answers, and never hangs the page. The shipped corpus built with small
// heads and counts for most lists, so that shards, positions, tails, counts and facet files are
// all there; DamagedIndexTests.swift does the same for minaoshi search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SearchIndex } from '../../templates/assets/search/engine.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = process.env.MINAOSHI_BINARY || join(root, '.build/debug/minaoshi');
const queries = ['点検', 'ドローン 点検', '"近接 目視"', '法', '建築基準法', 'dro', '無人航空機'];

/** The same sequence of numbers for every run (SplitMix64's low bits are enough here). */
function random(seed) {
  let state = BigInt(seed);
  return (bound) => {
    state = (state + 0x9E3779B97F4A7C15n) & 0xFFFFFFFFFFFFFFFFn;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & 0xFFFFFFFFFFFFFFFFn;
    z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & 0xFFFFFFFFFFFFFFFFn;
    return Number((z ^ (z >> 31n)) % BigInt(bound));
  };
}

test('a damaged index never hangs a search', { skip: !existsSync(binary) && `no ${binary}`, timeout: 180_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'minaoshi-damaged-'));
  try {
    execFileSync(binary, ['build', '--root', root, '--output', join(out, 'site'), '--search-heads', '8,12', '--search-counts', '5'], { stdio: 'pipe' });
    const folder = join(out, 'site', 'search');
    const files = new Map(readdirSync(folder).map((name) => [name, new Uint8Array(readFileSync(join(folder, name)))]));
    const binaries = [...files.keys()].filter((name) => name.endsWith('.bin'));
    assert.ok(['s', 'p', 'g', 'c', 'ts', 'ns', 'facet'].every((p) => binaries.some((name) => name.startsWith(p))));
    const next = random(11);
    let answered = 0, thrown = 0, named = 0;
    for (let round = 0; round < 150; round++) {
      const names = round % 4 === 0 ? [...files.keys()] : binaries;
      const victim = names[next(names.length)];
      let bytes = files.get(victim).slice();
      if (round % 3 === 0) bytes = bytes.slice(0, next(bytes.length + 1));
      else if (round % 3 === 1) for (let k = 0; k <= next(4) && bytes.length; k++) bytes[next(bytes.length)] = next(256);
      else if (bytes.length) { const at = next(bytes.length); bytes.fill(0xFF, at, Math.min(bytes.length, at + 1 + next(12))); }
      const load = async (name) => {
        const b = name === victim ? bytes : files.get(name);
        if (!b) throw new Error(`no ${name}`);
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
      };
      for (const query of queries) {
        try {
          const index = await SearchIndex.open(load);
          await index.search(query, {}, 5);
          answered++;
        } catch (error) {
          thrown++;
          // A damage the engine detects names a file of the index.
          const file = /the search index is damaged \(([^:)]+):/.exec(error.message)?.[1];
          if (file !== undefined) { assert.ok(files.has(file), error.message); named++; }
        }
      }
    }
    assert.ok(answered > 0 && thrown > 0 && named > 0, `answered ${answered}, threw ${thrown}, named ${named}`);
    // Numbers that size a loop, made huge: each damage in a process of its own, killed if it runs
    // longer than 30 s (a loop of 2^62 steps, or of 10^12 documents, would).
    for (const damage of ['term-counts', 'documents', 'facet-bits']) {
      execFileSync(process.execPath, [join(root, 'Tests/js/damaged-search-child.mjs'), folder, damage], { stdio: 'pipe', timeout: 30_000 });
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
