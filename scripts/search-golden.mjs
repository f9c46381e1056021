#!/usr/bin/env node
// Writes Tests/Fixtures/search/tokenizer-golden.json: inputs and the tokens the JavaScript
// tokenizer gives. Run it only when the rules change (all three places at once); the Swift test
// and the node test then both assert the file. Review its diff: it is the specification.
//   node scripts/search-golden.mjs
import { writeFileSync } from 'node:fs';
import { tokens } from '../templates/assets/search/tokenizer.js';

const base = [
  '近接目視', '道路法', 'ドローン 点検', '圃場', '定期報告', '資金決済法', '新幹線', '法', '目', 'サーバー', 'サーバ',
  'ユーザー登録', 'コンピューター', 'エレベーター点検', 'ー', 'アー', 'ーン', 'ラーメン', 'データ', 'メーカー・ユーザー',
  'AI活用', 'ai活用', 'AI 活用', 'IoT センサー', 'PDF', 'GIGAスクール', 'e-Gov', 'e-Tax で申告', 'LINE', 'SaaS',
  '2019年度', '令和元年度（2019年度）', '約4分の1に短縮', '約39.2ha', '第30条', '第3条第2項', '令和7年', '100%',
  '建築基準法第12条', '消防法', '農地法30条', '電気事業法', '道路交通法', '河川法', '下水道法', '森林法',
  'テレビ会議', 'オンライン講習', '衛星データ', '点群データ', '３Ｄ点群', 'ＡＩカメラ', 'ｱﾅﾛｸﾞ規制', 'ﾄﾞﾛｰﾝ',
  '①②③', '㈱テスト', '㍻', '㌔', 'ｻｰﾊﾞｰ', 'Ｓｅｒｖｅｒ', 'SERVER', 'Server', 'server', 'ÀÉÎÕÜ', 'Straße', '×÷',
  'Ελληνικά', 'Кириллица', '한국어', '한', '々', '日々', '〆切', '〇', 'ゝ', '一ヶ月', '一ヵ月', 'ヴァイオリン',
  '「目視」', '『書面掲示』', '【重要】', '（注）', '〔参考〕', '・', '目視・実地監査', 'a・b', '', ' ', '　',
  '\t改行\nあり', 'カタカナー漢字', 'ハーバーブリッジ', 'パーティー', 'ーー', 'アーー', 'アーーイ', 'ヿ', 'ヽ',
  'hello world', 'Hello, World!', 'foo_bar', 'foo-bar', 'C++', 'C#', 'Node.js', 'v2.0', '1,234', '3.14',
  '𠮷野家', '𠮷', '𩸽', '髙橋', '﨑', 'ﾊﾟｿｺﾝ', 'ｶﾞｲﾄﾞﾗｲﾝ', 'ｷｬｯｼｭﾚｽ', 'ﾃﾞｼﾞﾀﾙ庁', 'ﾃﾞｰﾀ連携',
  '規制の見直し', '実地監査', '書面掲示', '常駐専任', '対面講習', '往訪閲覧', '定期検査・点検', 'フロッピーディスク',
  'ｆｌｏｐｐｙ', 'ＣＤ－ＲＯＭ', 'USBメモリー', 'ＵＳＢメモリ', 'Wi-Fi', 'ＷｉーＦｉ', '5G', '５Ｇ', 'ローカル5G',
  '北海道', '東京都', '大阪府', '福岡市', '鹿島市', '下呂市', '南相馬市', '神戸市', '津市', '堺市',
  '電子申請', 'キャッシュレス決済', 'マイナンバーカード', 'マイナポータル', 'クラウド', 'リモート監査', 'ウェアラブル',
  '人工衛星', 'スマートフォン', 'タブレット端末', 'ビデオ通話', '遠隔臨場', 'BIM/CIM', 'ICT施工', 'i-Construction',
  'a', 'A', 'Ａ', '1', '１', 'あ', 'ア', 'ｱ', '亜', 'ヶ', 'ゑ', 'ゐ',
  '近接 目視', '"近接目視"', '“近接目視”', '＂近接目視＂', 'ドローン点検', '"ドローン 点検"', '道路法 点検 AI',
  'The Road Act 道路法', 'Building Standards Act', 'on-site inspection', 'Remote Inspection', 'ＲＥＭＯＴＥ',
];
const extra = [];
for (const word of ['サーバー', 'ドローン', 'データ', 'ユーザー', 'エレベーター']) {
  extra.push(`${word}点検`, `${word}の点検`, `${word} 点検`, `新${word}`);
}
for (const [a, b] of [['点検', 'AI'], ['目視', 'IoT'], ['報告', '2024'], ['申請', 'DX']]) {
  extra.push(`${a}${b}`, `${b}${a}`, `${a} ${b}`, `${b}　${a}`);
}
const inputs = [...new Set([...base, ...extra])];
const vectors = inputs.map((input) => {
  const list = tokens(input);
  return { input, tokens: list.map((t) => t.term), positions: list.map((t) => t.position) };
});
const text = '[\n' + vectors.map((v) => '  ' + JSON.stringify(v)).join(',\n') + '\n]\n';
writeFileSync(new URL('../Tests/Fixtures/search/tokenizer-golden.json', import.meta.url), text);
console.log(`${vectors.length} vectors`);
