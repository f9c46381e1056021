// engine.js and `minaoshi search --json` read the same index files: the same totals, the same
// ranked paths and scores, snippets and facet counts. Builds the shipped corpus with the CLI
// (.build/debug/minaoshi, or MINAOSHI_BINARY) into a temporary folder; skipped if there is no binary.
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
// 3- and 4-character terms (one n-gram list), longer terms and phrases (n-gram candidates, then
// bigram positions), a missing n-gram, lone characters and Latin prefixes (capped), width variants.
const queries = ['近接目視', '目視', '道路法', 'ドローン 点検', '圃場', '定期報告', '法', 'dro', '"近接 目視"', 'サーバー',
  '建築基準法', '道路交通法', '廃棄物処理法', '近接目視点検', '"定期点検"', '"近接目視 点検"', '目視で確', 'ﾄﾞﾛｰﾝ', 'ＡＩ', 'a', 'e', '橋',
  // Synonym expansion (content/_data/synonyms.yml): a term alone, beside another, width and case
  // variants, a group reached through a term of several runs, a quoted term never expanded.
  '無人航空機', 'UAV 点検', 'ｕａｖ', '在宅勤務', '外壁 小型無人機', '3d', '"ドローン"', '"ドローン" 点検', '建基法', 'web',
  // Snippets from the best passage anywhere in the body: a synonym's passage, a rare term beside a
  // common one, terms that first appear far into long bodies.
  '遊休農地', '耕作放棄地 衛星', '公示送達', '農地 パトロール', '点検 記録', '電子媒体'];

/** `minaoshi search QUERY --json` on the site at `site`, with `filters` ({key: [ids]}) and `limit`. */
function cliSearch(site, query, filters = {}, limit = 5) {
  const args = Object.entries(filters).flatMap(([key, ids]) => ids.flatMap((id) => ['--filter', `${key}=${id}`]));
  return JSON.parse(execFileSync(binary, ['search', query, '--site', site, '--json', '--limit', String(limit), ...args], { encoding: 'utf8' }));
}

/** A loader of the index files in `folder` that records their names in `read`, in order. */
function recordingLoader(folder, read) {
  return async (name) => { read.push(name); const b = readFileSync(join(folder, name)); return b.buffer.slice(b.byteOffset, b.byteOffset + b.length); };
}

test('engine.js ranks as minaoshi search does', { skip: !existsSync(binary) && `no ${binary}` }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'minaoshi-engine-'));
  try {
    execFileSync(binary, ['build', '--root', root, '--output', join(out, 'site')], { stdio: 'pipe' });
    const folder = join(out, 'site', 'search');
    const load = async (name) => { const b = readFileSync(join(folder, name)); return b.buffer.slice(b.byteOffset, b.byteOffset + b.length); };
    // Each document's fragment text, by path: where in the body each snippet was taken from.
    const texts = new Map(readdirSync(folder).filter((name) => /^f\d+\./.test(name))
      .flatMap((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')).map((f) => [f.u, f.x.replaceAll('\n', ' ')])));
    let late = 0;
    for (const query of queries) {
      const cli = JSON.parse(execFileSync(binary, ['search', query, '--site', join(out, 'site'), '--json', '--limit', '8'], { encoding: 'utf8' }));
      const index = await SearchIndex.open(load);
      const js = await index.search(query, {}, 8);
      assert.equal(js.total, cli.total, `${query}: total`);
      assert.deepEqual(js.hits.map((h) => [h.path, h.score, h.snippet]), cli.hits.map((h) => [h.path, h.score, h.snippet]), `${query}: hits`);
      assert.deepEqual(js.facets.map((f) => f.values.map((v) => v.count)), cli.facets.map((f) => f.values.map((v) => v.count)), `${query}: facets`);
      assert.deepEqual([js.synonyms, js.exactQuery], [cli.synonyms, cli.exactQuery ?? null], `${query}: synonyms`);
      for (const hit of js.hits) {
        const shown = hit.snippet.join('').replace(/^…/, '').replace(/…$/, '');
        const at = texts.get(hit.path).indexOf(shown);
        assert.ok(at >= 0, `${query}: ${hit.path}'s snippet is its text`);
        if ([...texts.get(hit.path).slice(0, at)].length >= 300) late++;
      }
    }
    // Some snippets come from past the 300 characters fragments used to keep.
    assert.ok(late > 0, 'no snippet from past the first 300 characters');
    // Facet filters (the facet files of the filtered keys, read with the results), and the results
    // alone: they read no facet file but a filtered key's, and the counts that follow equal search's.
    const filtered = [['点検', { category: ['visual-inspection'] }], ['', { law: ['building-standards-act'] }],
      ['ドローン', { law: ['building-standards-act', 'road-act'], status: ['reviewed', 'amended'] }], ['目視', { technology: ['drones'] }]];
    for (const [query, filters] of filtered) {
      const args = Object.entries(filters).flatMap(([key, ids]) => ids.flatMap((id) => ['--filter', `${key}=${id}`]));
      const cli = JSON.parse(execFileSync(binary, ['search', query, '--site', join(out, 'site'), '--json', '--limit', '8', ...args], { encoding: 'utf8' }));
      const read = [];
      const index = await SearchIndex.open((name) => { read.push(name); return load(name); });
      const results = await index.results(query, filters, 8);
      const keys = index.manifest.facets.map((f) => f.key);
      const facetFiles = read.filter((name) => name.startsWith('facet')).map((name) => keys[Number(name.slice(5, name.indexOf('.')))]);
      assert.deepEqual(facetFiles.sort(), Object.keys(filters).sort(), `${query}: the results read the filtered keys' facet files`);
      const counts = await index.facetCounts(results);
      assert.equal(results.total, cli.total, `${query} ${JSON.stringify(filters)}: total`);
      assert.deepEqual(results.hits.map((h) => [h.path, h.score, h.snippet, h.facets]), cli.hits.map((h) => [h.path, h.score, h.snippet, h.facets]), `${query}: hits`);
      assert.deepEqual(counts.map((f) => f.values.map((v) => v.count)), cli.facets.map((f) => f.values.map((v) => v.count)), `${query}: facets`);
      assert.ok(results.total > 0, `${query} ${JSON.stringify(filters)} finds something`);
    }
    {
      const read = [];
      const index = await SearchIndex.open((name) => { read.push(name); return load(name); });
      await index.results('ドローン 点検', {}, 5);
      assert.deepEqual(read.filter((name) => name.startsWith('facet')), [], 'unfiltered results read no facet file');
    }
    // The fallback for an index that keeps only n-grams in at least T documents: told T = 2, the
    // engine treats a missing n-gram as possibly rare and proves the term with bigram positions
    // instead. Every n-gram is in fact there, so the results must not change.
    const partial = async (name) => {
      if (name !== 'manifest.json') return load(name);
      const manifest = JSON.parse(readFileSync(join(folder, name), 'utf8'));
      manifest.layout.gramMinimumDocuments = 2;
      return new TextEncoder().encode(JSON.stringify(manifest)).buffer;
    };
    for (const query of queries) {
      const all = await (await SearchIndex.open(load)).search(query, {}, 8);
      const some = await (await SearchIndex.open(partial)).search(query, {}, 8);
      assert.deepEqual([some.total, some.hits.map((h) => [h.path, h.score])], [all.total, all.hits.map((h) => [h.path, h.score])], `${query}: T = 2`);
    }
    // Adjacency from a covering subset of a long CJK run's bigrams, and the lists of the long terms
    // the index keeps whole, against every bigram, on the judged queries and the queries above: the
    // same results, never more bytes.
    const judged = JSON.parse(readFileSync(join(root, 'Benchmarks/search-quality/judged-queries.json'), 'utf8')).queries.map((q) => q.query);
    let saved = 0;
    for (const query of [...queries, ...judged]) {
      const fast = await SearchIndex.open(load);
      const general = await SearchIndex.open(load);
      general.everyBigram = true;
      general.wholeTerms = false;
      const [a, b] = [await fast.search(query, {}, 8), await general.search(query, {}, 8)];
      assert.deepEqual([a.total, a.hits.map((h) => [h.path, h.score, h.snippet])], [b.total, b.hits.map((h) => [h.path, h.score, h.snippet])], `${query}: subset`);
      assert.ok(a.bytesRead <= b.bytesRead, `${query}: ${a.bytesRead} bytes, every bigram ${b.bytesRead}`);
      if (a.bytesRead < b.bytesRead) saved++;
    }
    assert.ok(saved > 0, 'the subset reads less for some query');
    // A lone CJK character's list (法*) against the lists of the bigrams and the unigram it begins,
    // added up by the engine: the same results and facet counts, alone, beside other terms and
    // filtered, for every character of the judged queries and of the queries above.
    const characters = new Set([...queries, ...judged].flatMap((q) => [...q].filter((c) => /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}/u.test(c))));
    for (const character of characters) {
      for (const [query, filters] of [[character, {}], [`点検 ${character}`, {}], [character, { category: ['visual-inspection'] }]]) {
        const fast = await SearchIndex.open(load);
        const general = await SearchIndex.open(load);
        general.characterLists = false;
        const [a, b] = [await fast.search(query, filters, 8), await general.search(query, filters, 8)];
        assert.deepEqual([a.total, a.hits.map((h) => [h.path, h.score, h.snippet]), a.facets], [b.total, b.hits.map((h) => [h.path, h.score, h.snippet]), b.facets], `${query} ${JSON.stringify(filters)}: character list`);
      }
    }
    assert.ok(characters.size > 100, `${characters.size} characters`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

// Frequent terms' heads (Sources/MinaoshiSearch/PostingHead.swift): the shipped corpus built with
// heads of 8 documents for every term in more than 12 (`minaoshi build --search-heads 8,12`), so that most
// lists are cut, and every file named by its own hash (`--search-name-groups 1`: GroupHashes in
// SearchIndexFormat.swift). engine.js's first page equals minaoshi search's, and that of engine.js reading
// every list whole (heads off); some queries are answered by the heads without a tail file, some
// read again whole.
test('the first page from the heads is the whole lists\' first page', { skip: !existsSync(binary) && `no ${binary}` }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'minaoshi-heads-'));
  try {
    execFileSync(binary, ['build', '--root', root, '--output', join(out, 'site'), '--search-heads', '8,12',
                          '--search-name-groups', '1'], { stdio: 'pipe' });
    const folder = join(out, 'site', 'search');
    assert.ok(readdirSync(folder).some((name) => name.startsWith('ts')), 'some s shard has a tail file');
    const shardHashes = new Set(readdirSync(folder).filter((name) => /^s\d+\./.test(name)).map((name) => name.split('.')[1]));
    assert.ok(shardHashes.size > 1, 'the s shards are named by several hashes');
    let answered = 0, fellBack = 0;
    const cases = [...queries.map((q) => [q, {}]), ['点検', { category: ['visual-inspection'] }], ['ドローン', { technology: ['drones'] }]];
    for (const [query, filters] of cases) {
      const read = [];
      const load = recordingLoader(folder, read);
      const cli = cliSearch(join(out, 'site'), query, filters);
      const fast = await SearchIndex.open(load);
      const whole = await SearchIndex.open(load);
      whole.heads = false;
      const a = await fast.results(query, filters, 5);
      const tails = read.filter((name) => name.startsWith('t'));
      const b = await whole.results(query, filters, 5);
      const shown = (r) => [r.total, r.hits.map((h) => [h.path, h.score, h.snippet, h.facets])];
      assert.deepEqual(shown(a), shown(b), `${query} ${JSON.stringify(filters)}: heads against whole lists`);
      assert.deepEqual(shown(a), shown(cli), `${query} ${JSON.stringify(filters)}: engine.js against minaoshi search`);
      assert.deepEqual(await fast.facetCounts(a), await whole.facetCounts(b), `${query}: facet counts`);
      if (fast.headAnswers) assert.deepEqual(tails, [], `${query}: the heads answered without a tail`);
      // A Latin prefix of several words (ai, cut, and aichi) is answered by its heads too.
      if (query === 'ＡＩ') assert.equal(fast.headAnswers, 1, 'ＡＩ: the heads answered the prefix of ai and aichi');
      answered += fast.headAnswers;
      fellBack += fast.headFallbacks;
    }
    assert.ok(answered > 5 && fellBack > 0, `answered ${answered}, read again whole ${fellBack}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

// Facet counts of frequent terms (Sources/MinaoshiSearch/TermFacetCounts.swift): the shipped corpus
// built with counts for every list of 5 documents or more (`minaoshi build --search-counts 5`).
// engine.js's counts equal minaoshi search's and those it works out from the facet files
// (termCounts off); a query of one such list reads one counts file for them and no facet file, a
// query that matched nothing reads no file for them.
test('a term\'s counts are what the facet files count', { skip: !existsSync(binary) && `no ${binary}` }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'minaoshi-counts-'));
  try {
    execFileSync(binary, ['build', '--root', root, '--output', join(out, 'site'), '--search-counts', '5'], { stdio: 'pipe' });
    const folder = join(out, 'site', 'search');
    assert.ok(readdirSync(folder).some((name) => name.startsWith('ns')), 'some s shard has a counts file');
    let answered = 0;
    // Words of one list each (without synonyms), besides the queries above.
    const words = ['点検', '記録', '道路', '書面', '監査', '講習', '常駐', '掲示', '検査', '自治体'];
    const cases = [...[...queries, ...words].map((q) => [q, {}]), ['点検', { category: ['visual-inspection'] }], ['存在しない語', {}]];
    for (const [query, filters] of cases) {
      const read = [];
      const load = recordingLoader(folder, read);
      const cli = cliSearch(join(out, 'site'), query, filters);
      const fast = await SearchIndex.open(load);
      const general = await SearchIndex.open(load);
      general.termCounts = false;
      const a = await fast.results(query, filters, 5);
      const before = read.length;
      const counts = await fast.facetCounts(a);
      const forCounts = read.slice(before);
      const b = await general.results(query, filters, 5);
      assert.deepEqual(counts, await general.facetCounts(b), `${query} ${JSON.stringify(filters)}: counts file against facet files`);
      assert.deepEqual(counts.map((f) => f.values.map((v) => v.count)), cli.facets.map((f) => f.values.map((v) => v.count)), `${query}: engine.js against minaoshi search`);
      if (a.total === 0) assert.deepEqual(forCounts, [], `${query}: nothing matched, no file for the counts`);
      else if (forCounts.some((name) => name.startsWith('n'))) {
        answered++;
        assert.deepEqual(Object.keys(filters), [], `${query}: a filtered query counts from the facet files`);
        assert.equal(forCounts.length, 1, `${query}: ${forCounts}`);
      } else assert.ok(forCounts.every((name) => name.startsWith('facet')), `${query}: ${forCounts}`);
    }
    assert.ok(answered > 10, `${answered} queries counted from a counts file`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
