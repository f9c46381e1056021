// The JavaScript tokenizer against the golden vectors the Swift tokenizer also passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tokens } from '../../templates/assets/search/tokenizer.js';

const golden = JSON.parse(readFileSync(new URL('../Fixtures/search/tokenizer-golden.json', import.meta.url), 'utf8'));

test('the golden file has at least 200 vectors', () => {
  assert.ok(golden.length >= 200, `${golden.length} vectors`);
});

test('every golden vector tokenizes as recorded', () => {
  for (const vector of golden) {
    const list = tokens(vector.input);
    assert.deepEqual({ input: vector.input, tokens: list.map((t) => t.term), positions: list.map((t) => t.position) }, vector,
      `input ${JSON.stringify(vector.input)}`);
  }
});

test('the long-vowel mark at a katakana word end folds', () => {
  assert.deepEqual(tokens('サーバー'), tokens('サーバ'));
  assert.deepEqual(tokens('ユーザー登録').map((t) => t.term), ['ユー', 'ーザ', 'ザ登', '登録']);
});

test('a lone CJK character stays a unigram; width and case fold', () => {
  assert.deepEqual(tokens('法').map((t) => t.term), ['法']);
  assert.deepEqual(tokens('ＡＩ'), tokens('ai'));
  assert.deepEqual(tokens('ﾄﾞﾛｰﾝ'), tokens('ドローン'));
});
