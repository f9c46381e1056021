// engine.js's snippet passage choice against the golden cases the Swift engine also passes
// (Tests/Fixtures/search/snippet-golden.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { snippet, snippetRarity } from '../../templates/assets/search/engine.js';

const golden = JSON.parse(readFileSync(new URL('../Fixtures/search/snippet-golden.json', import.meta.url), 'utf8'));
const codes = (text) => [...text].map((c) => c.codePointAt(0));

test('every golden snippet comes from the recorded passage', () => {
  assert.ok(golden.cases.length >= 10, `${golden.cases.length} cases`);
  for (const c of golden.cases) {
    const terms = c.terms.map((t) => ({ own: t.own.map(codes), synonyms: t.synonyms.map(codes), rarity: t.rarity }));
    assert.deepEqual(snippet(c.text, terms), c.parts, c.why);
  }
});

test('rarity is the bit length of documents per matching document', () => {
  assert.deepEqual([[1, 10000], [5000, 10000], [5001, 10000], [2500, 10000], [10000, 10000], [0, 10], [3, 3]].map(([d, n]) => snippetRarity(d, n)),
    [14, 2, 1, 3, 1, 4, 1]);
});
