// engine.js finds an n-gram's `g` shard with the same hash as the Swift writer and engine
// (`SearchIndexLayout.gramShard`, held to the same vectors in SearchIndexFormatTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gramShard } from '../../templates/assets/search/engine.js';

const all = 0xffffffff;

test('the gram shard hash is 32-bit FNV-1a of the first four characters, the published vectors', () => {
  assert.equal(gramShard('', all), 0x811c9dc5);
  assert.equal(gramShard('a', all), 0xe40c292c);
  assert.equal(gramShard('foob', all), 0x3f5076ef);
  assert.equal(gramShard('foobar', all), 0x3f5076ef);
  assert.equal(gramShard('建築基準', all), 0x3e3bf736);
  assert.equal(gramShard('建築基準法', 997), gramShard('建築基準', 997));
  assert.equal(gramShard('近接目視', 1), 0);
});
