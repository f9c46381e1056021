// engine.js and `minaoshi search --json` read the same index files: the same totals, the same
// ranked paths and scores, snippets and facet counts. Builds the shipped corpus with the CLI
// (.build/debug/minaoshi, or MINAOSHI_BIN) into a temporary folder; skipped if there is no binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SearchIndex } from '../../templates/assets/search/engine.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = process.env.MINAOSHI_BIN || join(root, '.build/debug/minaoshi');
// 3- and 4-character terms (one n-gram list), longer terms and phrases (n-gram candidates, then
// bigram positions), a missing n-gram, lone characters and Latin prefixes (capped), width variants.
const queries = ['近接目視', '目視', '道路法', 'ドローン 点検', '圃場', '定期報告', '法', 'dro', '"近接 目視"', 'サーバー',
  '建築基準法', '道路交通法', '廃棄物処理法', '近接目視点検', '"定期点検"', '"近接目視 点検"', '目視で確', 'ﾄﾞﾛｰﾝ', 'ＡＩ', 'a', 'e', '橋'];

test('engine.js ranks as minaoshi search does', { skip: !existsSync(binary) && `no ${binary}` }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'minaoshi-engine-'));
  try {
    execFileSync(binary, ['build', '--root', root, '--output', join(out, 'site')], { stdio: 'pipe' });
    const folder = join(out, 'site', 'search');
    const load = async (name) => { const b = readFileSync(join(folder, name)); return b.buffer.slice(b.byteOffset, b.byteOffset + b.length); };
    for (const query of queries) {
      const cli = JSON.parse(execFileSync(binary, ['search', query, '--site', join(out, 'site'), '--json', '--limit', '8'], { encoding: 'utf8' }));
      const index = await SearchIndex.open(load);
      const js = await index.search(query, {}, 8);
      assert.equal(js.total, cli.total, `${query}: total`);
      assert.deepEqual(js.hits.map((h) => [h.path, h.score, h.snippet]), cli.hits.map((h) => [h.path, h.score, h.snippet]), `${query}: hits`);
      assert.deepEqual(js.facets.map((f) => f.values.map((v) => v.count)), cli.facets.map((f) => f.values.map((v) => v.count)), `${query}: facets`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
