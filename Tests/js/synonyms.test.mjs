// engine.js's synonym expansion against the golden vectors the Swift engine also passes
// (Tests/Fixtures/search/synonym-golden.json, written by scripts/synonym-golden.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SynonymTable, exactQuery, parseQuery } from '../../templates/assets/search/engine.js';

const golden = JSON.parse(readFileSync(new URL('../Fixtures/search/synonym-golden.json', import.meta.url), 'utf8'));

test('every golden query expands as recorded', () => {
  assert.ok(golden.vectors.length >= 40, `${golden.vectors.length} vectors`);
  assert.ok(golden.unfound.length > 0 && golden.oneWay.length > 0);
  // The index's one list: the one-way terms as the writer marks them, then those no document has.
  const table = new SynonymTable(golden.groups, [...golden.oneWay, ...golden.unfound]);
  for (const vector of golden.vectors) {
    const terms = parseQuery(vector.query);
    const expansions = terms.map((term) => {
      const entry = table.expansions(term);
      return entry && { term: entry.written, synonyms: entry.expansions.map((e) => e.text), runs: entry.expansions.map((e) => e.term.runs.map((r) => r.text)) };
    });
    const quoted = new Set(expansions.flatMap((e, i) => (e ? [i] : [])));
    assert.deepEqual({ query: vector.query, expansions, exactQuery: quoted.size ? exactQuery(terms, quoted) : null }, vector, `query ${JSON.stringify(vector.query)}`);
  }
});

test('a one-way term expands from, never to', () => {
  const vector = (query) => golden.vectors.find((v) => v.query === query).expansions[0];
  for (const term of golden.oneWay) {
    assert.ok(vector(term).synonyms.length > 0, `${term} expands`);
    for (const v of golden.vectors) assert.ok(!(v.expansions.some((e) => e && e.synonyms.includes(term))), `${v.query} expands to ${term}`);
  }
  assert.deepEqual(vector('ドローン').synonyms, ['無人航空機']);
  assert.deepEqual(vector('UAV').synonyms, ['ドローン', '無人航空機']);
});
