// The search tokenizer, rule for rule the same as Sources/MinaoshiSearch/SearchTokenizer.swift;
// Tests/Fixtures/search/tokenizer-golden.json proves the two equal (node --test Tests/js/).
//   1. NFKC, then A-Z and À-Þ (not ×) to lower case.
//   2. Classes: CJK (kana, kanji, hangul, 々〆〇, ー), word (ASCII letters and digits, Latin,
//      Greek, Cyrillic letters), everything else separates (・ too).
//   3. In a CJK run, ー ending a katakana word is dropped (サーバー = サーバ).
//   4. A one-scalar CJK run is a unigram, a longer one its overlapping bigrams; a word run is one token.
//   5. The next run starts two positions after the previous run's last token.

export function fold(cp) {
  if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0xc0 && cp <= 0xd6) || (cp >= 0xd8 && cp <= 0xde)) return cp + 0x20;
  return cp;
}

export function classify(cp) {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0xdf && cp <= 0xf6) || (cp >= 0xf8 && cp <= 0xff) ||
      (cp >= 0x100 && cp <= 0x24f) || (cp >= 0x370 && cp <= 0x3ff) || (cp >= 0x400 && cp <= 0x4ff)) return 'word';
  if ((cp >= 0x3005 && cp <= 0x3007) || (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x309d && cp <= 0x309f) ||
      (cp >= 0x30a1 && cp <= 0x30fa) || (cp >= 0x30fc && cp <= 0x30ff) || (cp >= 0x31f0 && cp <= 0x31ff) ||
      (cp >= 0x3131 && cp <= 0x318e) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0x20000 && cp <= 0x3ffff)) return 'cjk';
  return null;
}

const isKatakanaLetter = (cp) => cp >= 0x30a1 && cp <= 0x30fa;

function foldLongVowels(cps) {
  const out = [];
  let i = 0;
  while (i < cps.length) {
    if (cps[i] !== 0x30fc) { out.push(cps[i]); i++; continue; }
    let end = i;
    while (end < cps.length && cps[end] === 0x30fc) end++;
    const afterKatakana = i > 0 && isKatakanaLetter(cps[i - 1]);
    const beforeKatakana = end < cps.length && isKatakanaLetter(cps[end]);
    if (!(afterKatakana && !beforeKatakana)) for (let k = i; k < end; k++) out.push(cps[k]);
    i = end;
  }
  return out;
}

const str = (cps) => String.fromCodePoint(...cps);

function bigrams(cps) {
  if (cps.length <= 1) return [str(cps)];
  const out = [];
  for (let i = 0; i + 1 < cps.length; i++) out.push(str([cps[i], cps[i + 1]]));
  return out;
}

/** NFKC and the Latin case fold: the form every comparison uses. */
export function normalize(text) {
  let out = '';
  for (const ch of text.normalize('NFKC')) out += String.fromCodePoint(fold(ch.codePointAt(0)));
  return out;
}

/** Runs of one class: {kind, text, tokens, start}. */
export function runs(text, position = 0) {
  const result = [];
  let current = [];
  let kind = undefined;
  const flush = () => {
    if (!kind || current.length === 0) return;
    const cps = kind === 'cjk' ? foldLongVowels(current) : current;
    const tokens = kind === 'cjk' ? bigrams(cps) : [str(cps)];
    result.push({ kind, text: str(cps), tokens, start: position });
    position += tokens.length + 1;
    current = [];
  };
  for (const ch of text.normalize('NFKC')) {
    const cp = fold(ch.codePointAt(0));
    const k = classify(cp);
    if (k !== kind) { flush(); kind = k; }
    if (k) current.push(cp);
  }
  flush();
  return result;
}

/** Tokens with positions: [{term, position}]. */
export function tokens(text) {
  const out = [];
  for (const run of runs(text)) run.tokens.forEach((term, i) => out.push({ term, position: run.start + i }));
  return out;
}
