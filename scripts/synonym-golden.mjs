#!/usr/bin/env node
// Writes Tests/Fixtures/search/synonym-golden.json: synonym groups, queries, and what engine.js
// expands each query term into (or null), with the exact query the page offers. Run it only when
// the expansion rules change (engine.js and Synonyms.swift at once); the Swift test and the node
// test then both assert the file. Review its diff: it is the specification.
//   node scripts/synonym-golden.mjs
import { writeFileSync } from 'node:fs';
import { SynonymTable, exactQuery, parseQuery } from '../templates/assets/search/engine.js';

const groups = [
  ['ドローン', '無人航空機', 'UAV', '小型無人機'], ['テレワーク', '在宅勤務', 'リモートワーク'],
  ['フロッピーディスク', 'フレキシブルディスク', 'FD'], ['公告', '公示'], ['3D', '三次元', '3次元'], ['ウェブ', 'Web'],
  ['公示', '告示'], ['ｻｰﾊﾞｰ', 'サーバ機'], ['e-Gov', '電子政府'],
];
// One-way terms (synonyms.yml's one_way), which the writer marks unfound, and the terms the build
// found in no document: a query expands from either, never to them. The engines read one list.
const oneWay = ['UAV'];
const unfound = ['在宅勤務', '小型無人機'];
const queries = [
  'ドローン', 'ドローン 点検', '点検 ドローン', 'ドローン点検', '"ドローン"', '"ドローン" 点検', '"ドローン 点検"', 'ﾄﾞﾛｰﾝ',
  'UAV', 'uav', 'ＵＡＶ', 'ua', 'uav ', '無人航空機', '小型無人機の点検', 'テレワーク', '在宅勤務', 'リモートワーク', 'リモートワーク 管理者',
  'フロッピーディスク', 'フロッピディスク', 'FD', 'fd', '公告', '公示', '告示', '公告 公示', '3d', '3D', '3次元', '三次元',
  'ウェブ', 'web', 'WEB', 'ｳｪﾌﾞ', 'サーバー', 'サーバ', 'サーバ機', 'e-Gov', '電子政府', 'gov', '', ' ', '"', '点検',
];
const table = new SynonymTable(groups, [...oneWay, ...unfound]);
const vectors = queries.map((query) => {
  const terms = parseQuery(query);
  const expansions = terms.map((term) => {
    const entry = table.expansions(term);
    return entry && { term: entry.written, synonyms: entry.expansions.map((e) => e.text), runs: entry.expansions.map((e) => e.term.runs.map((r) => r.text)) };
  });
  const quoted = new Set(expansions.flatMap((e, i) => (e ? [i] : [])));
  return { query, expansions, exactQuery: quoted.size ? exactQuery(terms, quoted) : null };
});
const text = '{\n "groups": [\n' + groups.map((g) => '  ' + JSON.stringify(g)).join(',\n') + '\n ],\n "oneWay": ' + JSON.stringify(oneWay) + ',\n "unfound": ' + JSON.stringify(unfound) + ',\n "vectors": [\n'
  + vectors.map((v) => '  ' + JSON.stringify(v)).join(',\n') + '\n ]\n}\n';
writeFileSync(new URL('../Tests/Fixtures/search/synonym-golden.json', import.meta.url), text);
console.log(`${vectors.length} vectors`);
