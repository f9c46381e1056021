// The query engine over the static index, the same algorithm as Sources/MinaoshiSearch/
// SearchEngine.swift and SearchQuery.swift (`minaoshi search` gives the same ranking).
// A loader maps an index file name to a Promise of its bytes (an ArrayBuffer).
import { runs, classify, fold } from './tokenizer.js';

const utf8 = new TextDecoder();

/** Terms of a query: each run of an unquoted part, each quoted part as a phrase; the last term a prefix. */
export function parseQuery(text) {
  const terms = [];
  const normalized = text.normalize('NFKC');
  let segment = '', quoted = false;
  const flush = () => {
    const list = runs(segment);
    if (quoted) { if (list.length) terms.push({ runs: list, phrase: true, prefix: false }); }
    else for (const run of list) terms.push({ runs: [run], phrase: false, prefix: false });
    segment = '';
  };
  for (const ch of normalized) {
    if (ch === '"') { flush(); quoted = !quoted; } else segment += ch;
  }
  flush();
  const chars = [...normalized];
  const last = chars[chars.length - 1];
  if (last !== undefined && classify(fold(last.codePointAt(0))) && terms.length && !terms[terms.length - 1].phrase) {
    terms[terms.length - 1].prefix = true;
  }
  return terms;
}

const CODES = [..."!#$%&'()*+,-.;<=>?@[]^_`{|}~"];

/** Shard separators, front-coded in one string: a code character (how many leading characters the
 *  separator shares with the one before), then the rest. Swift: `Separators`. */
function separators(text) {
  const out = [];
  for (const ch of text) {
    const shared = CODES.indexOf(ch);
    if (shared >= 0) out.push((out.length ? [...out[out.length - 1]].slice(0, shared) : []).join(''));
    else if (out.length) out[out.length - 1] += ch;
  }
  return out;
}

/** A CJK 3- or 4-gram and a long term kept whole live in the `g` shards, a character list (`法*`)
 *  in the `c` shards, every other term in the `s` shards. Swift: `SearchIndexLayout.isGram`. */
function isGram(term) {
  const chars = [...term];
  return chars.length >= 3 && classify(chars[0].codePointAt(0)) === 'cjk';
}

const utf8Encoder = new TextEncoder();

/** The `g` shard of an n-gram or a long term among `shards`: the 32-bit FNV-1a hash of the UTF-8 of
 *  its first four characters, modulo `shards`. Swift: `SearchIndexLayout.gramShard`. */
export function gramShard(term, shards) {
  let hash = 0x811c9dc5;
  for (const byte of utf8Encoder.encode([...term].slice(0, 4).join(''))) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash % Math.max(1, shards);
}

/** The term of a CJK character's list: every bigram and unigram it begins, added up per document
 *  at index time, no positions. Swift: `SearchIndexLayout.characterList`. */
function characterList(character) { return character + '*'; }

/** The 3- or 4-grams covering a CJK run of 3 or more: the run itself up to 4, else 4-grams at 0, 4, 8, … and one ending it. */
function covering(run) {
  const chars = [...run.text];
  if (run.kind !== 'cjk' || chars.length < 3) return [];
  if (chars.length <= 4) return [run.text];
  const starts = [];
  for (let i = 0; i <= chars.length - 4; i += 4) starts.push(i);
  if (starts[starts.length - 1] !== chars.length - 4) starts.push(chars.length - 4);
  return starts.map((i) => chars.slice(i, i + 4).join(''));
}

/** The slots whose positions prove a term's adjacency, each with its offset from the first token:
 *  a CJK run of bigrams needs only those at 0, 2, 4, … and its last; everyBigram keeps them all.
 *  Swift: `SearchIndex.adjacency`. */
export function adjacency(termSlots, everyBigram = false) {
  const out = [];
  let base = 0;
  for (const run of termSlots) {
    const covering = !everyBigram && run.length > 2 && run.every((slot) => slot.exact !== undefined);
    run.forEach((slot, i) => { if (!covering || i % 2 === 0 || i === run.length - 1) out.push({ offset: base + i, slot }); });
    base += run.length + 1;
  }
  return out;
}

function slots(term) {
  return term.runs.map((run) => {
    if (run.kind === 'cjk' && [...run.text].length === 1) return [{ prefix: run.text }];
    if (run.kind === 'word' && term.prefix) return [{ prefix: run.text }];
    return run.tokens.map((t) => ({ exact: t }));
  });
}

/** The synonym groups, looked up by a query term's normalised form (its one run's text). A term of
 *  several runs (3次元) is reached only from the other terms of its group. Swift: `SynonymTable`. */
export class SynonymTable {
  static key(written) {
    const list = runs(written);
    return list.length === 1 ? list[0].text : null;
  }

  /** unfound: terms no document has (the build marks them); a query term expands from them, never to them. */
  constructor(groups, unfound = []) {
    this.entries = new Map();
    const skipped = new Set(unfound);
    for (const group of groups) {
      for (const written of group) {
        const key = SynonymTable.key(written);
        if (key === null) continue;
        const entry = this.entries.get(key) ?? { written, expansions: [] };
        for (const other of group) {
          if (skipped.has(other)) continue;
          const list = runs(other);
          const same = JSON.stringify(list);
          if (!list.length || (list.length === 1 && list[0].text === key) || entry.expansions.some((e) => JSON.stringify(e.term.runs) === same)) continue;
          // Matched as a phrase: never a prefix, its runs in order.
          entry.expansions.push({ text: other, term: { runs: list, phrase: true, prefix: false } });
        }
        this.entries.set(key, entry);
      }
    }
  }

  /** {written, expansions: [{text, term}]} for a term with synonyms; null for a quoted phrase. */
  expansions(term) {
    if (term.phrase || term.runs.length !== 1) return null;
    const entry = this.entries.get(term.runs[0].text);
    return entry && entry.expansions.length ? entry : null;
  }
}

/** The query with the terms at `quoted` in quotes: the same search without their synonyms. */
export function exactQuery(query, quoted) {
  return query.map((term, i) => {
    const text = term.runs.map((run) => run.text).join(' ');
    return term.phrase || quoted.has(i) ? `"${text}"` : text;
  }).join(' ');
}

class Reader {
  constructor(bytes, offset = 0, end = bytes.length) { this.bytes = bytes; this.offset = offset; this.end = end; }
  get atEnd() { return this.offset >= this.end; }
  varint() {
    let value = 0, shift = 0;
    while (this.offset < this.end) {
      const byte = this.bytes[this.offset++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
      shift += 7;
    }
    return value;
  }
  string() {
    const n = this.varint();
    const s = utf8.decode(this.bytes.subarray(this.offset, this.offset + n));
    this.offset += n;
    return s;
  }
}

/** The hash in the name of file `number` of a series (GroupHashes in SearchIndexFormat.swift): one
 * hash of 12 hex digits per group of `size` files, one after another. */
const groupHash = (names, number) => {
  const start = 12 * Math.floor(number / names.size);
  return names.hashes.slice(start, start + 12);
};

/** Whether `names` names exactly `files` files: GroupHashes.names(files:) in SearchIndexFormat.swift. */
const namesFiles = (names, files) => Number.isInteger(names?.size) && names.size >= 1
  && typeof names.hashes === 'string' && /^[0-9a-f]*$/.test(names.hashes)
  && names.hashes.length === 12 * Math.ceil(files / names.size);

/** What a damaged index file throws, worded as DamagedIndex.swift words it. */
const damagedIndex = (file, problem) => new Error(`the search index is damaged (${file}: ${problem}); build the site again`);

export class SearchIndex {
  /** @param loader (name) => Promise<ArrayBuffer> */
  static async open(loader) {
    const index = new SearchIndex(loader);
    index.manifest = JSON.parse(utf8.decode(await index.file('manifest.json')));
    if (index.manifest.version !== 11) throw new Error(`search index format ${index.manifest.version}, this engine reads 11`);
    // Another site's index is data (federation.js): numbers that size a loop are checked first, so a
    // damaged file throws rather than hangs the page (DamagedIndex.swift checks the same and more).
    const { documents, fragments } = index.manifest;
    const { positionCap } = index.manifest.layout;
    if (!(Number.isInteger(documents) && documents >= 0 && documents <= 50_000_000 && fragments.perFile >= 1
          && positionCap >= 0 && positionCap <= 4096
          && index.manifest.documentFacets.keys.every((key) => key.encoding === 'values' || (key.bits >= 0 && key.bits <= 62)))) {
      throw damagedIndex('manifest.json', 'numbers out of range');
    }
    index.separators = separators(index.manifest.shards.first);
    index.characterSeparators = separators(index.manifest.shards.characters);
    const { shards } = index.manifest;
    if (!(namesFiles(fragments.hashes, fragments.files) && namesFiles(shards.gramHashes, shards.grams)
          && namesFiles(shards.hashes, index.separators.length)
          && namesFiles(shards.characterHashes, index.characterSeparators.length))) {
      throw damagedIndex('manifest.json', 'file names');
    }
    return index;
  }

  constructor(loader) {
    this.loader = loader;
    this.shards = new Map();
    this.positionFiles = new Map();
    this.bundles = new Map();
    this.facetColumns = new Map();
    this.synonymTable = null;
    // Every bigram of a long CJK run rather than the covering subset: the general path tests compare with.
    this.everyBigram = false;
    // A long CJK term's own list when the index keeps it whole; off, it is proved as any other.
    this.wholeTerms = true;
    // A lone CJK character's list; off, the lists of the bigrams and the unigram it begins, added up here.
    this.characterLists = true;
    // Frequent terms' heads (PostingHead.swift) answer the first page when they suffice; off, every
    // list is read whole: the general path the heads are tested against.
    this.heads = true;
    this.wholeLists = false;
    this.tailFiles = new Map();
    // A frequent term's facet counts from its shard's counts file (TermFacetCounts.swift) when the
    // query is that term alone, unfiltered; off, every key's facet file: the general path they are tested against.
    this.termCounts = true;
    this.countsFiles = new Map();
    // Queries the heads answered, and those read again whole.
    this.headAnswers = 0;
    this.headFallbacks = 0;
    this.filesRead = 0;
    this.bytesRead = 0;
  }

  async file(name) {
    const bytes = new Uint8Array(await this.loader(name));
    this.filesRead++;
    this.bytesRead += bytes.length;
    return bytes;
  }

  /** The last shard whose separator is at or before `term`. */
  shardIndex(term, first) {
    let low = 0, high = first.length - 1, found = 0;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (!(term < first[middle])) { found = middle; low = middle + 1; } else high = middle - 1;
    }
    return found;
  }

  /** Shard `index` of `series`: 's' (positions beside it), 'g' (n-grams, long terms) or 'c' (character lists). */
  shard(index, series = 's') {
    const name = `${series}${index}`;
    if (!this.shards.has(name)) {
      const shards = this.manifest.shards;
      const hash = groupHash(series === 's' ? shards.hashes : series === 'g' ? shards.gramHashes : shards.characterHashes, index);
      this.shards.set(name, this.file(`${name}.${hash}.bin`).then((bytes) => {
        const reader = new Reader(bytes);
        const terms = new Map();
        let offset = 0, cut = 0, counted = 0;
        const countMinimum = this.manifest.layout.countMinimumDocuments ?? 0;
        const file = `${name}.${hash}.bin`;
        const termCount = reader.varint();
        if (termCount > bytes.length) throw damagedIndex(file, 'term count');
        for (let n = termCount; n > 0; n--) {
          const term = reader.string();
          const documents = reader.varint();
          const length = reader.varint();
          if (documents > this.manifest.documents || reader.offset + length > bytes.length) {
            throw damagedIndex(file, `the list of ${term}`);
          }
          const start = reader.offset;
          reader.offset += length;
          const positions = reader.varint();
          // A cut list (PostingHead.swift), known from its document count: its payloads are its tail
          // file, `t`, the shard's name, `-` and its number among the shard's cut lists.
          const isCut = isCutList(documents, this.manifest.layout);
          // A list of at least countMinimumDocuments: its facet counts, entry `ordinal` of the counts file.
          const hasCounts = countMinimum > 0 && documents >= countMinimum;
          terms.set(term, { term, file, documents, bytes, start, end: start + length, shard: index,
                            positions: [offset, offset + positions],
                            tailFile: isCut ? `t${name}-${cut}.${hash}.bin` : null,
                            counts: hasCounts ? { file: `n${name}.${hash}.bin`, ordinal: counted, documents } : null });
          offset += positions;
          if (isCut) cut++;
          if (hasCounts) counted++;
        }
        return terms;
      }));
    }
    return this.shards.get(name);
  }

  /** The positions file beside shard `index`, fetched only for terms that check adjacency. */
  positionFile(index) {
    if (!this.positionFiles.has(index)) this.positionFiles.set(index, this.file(`p${index}.${groupHash(this.manifest.shards.hashes, index)}.bin`));
    return this.positionFiles.get(index);
  }

  /** The tail file `name` (a cut list's payloads), fetched once. */
  tailFile(name) {
    if (!this.tailFiles.has(name)) this.tailFiles.set(name, this.file(name));
    return this.tailFiles.get(name);
  }

  /** Documents of the terms `slot` looks up: {bucket, frequency, fields, positions, bound}; positions
   *  only when asked; the map's `counts`, where the facet counts of the one list it read lie, if it
   *  has them. `bound` null: exact. Else a document outside a cut list's head: the weight of
   *  the best one left out, which weighs at least as much, with the weights of the document's
   *  postings in the slot's other lists added (a Latin prefix of several words). Swift: `Posting`. */
  async postings(slot, withPositions) {
    const first = this.separators, characters = this.characterSeparators, grams = this.manifest.shards.grams;
    const lists = [];
    if (slot.exact !== undefined) {
      const term = slot.exact;
      if (isGram(term)) {
        const entry = grams > 0 ? (await this.shard(gramShard(term, grams), 'g')).get(term) : undefined;
        if (entry) lists.push(entry);
      } else if (first.length) {
        const entry = (await this.shard(this.shardIndex(term, first))).get(term);
        if (entry) lists.push(entry);
      }
    } else if (this.characterLists && !withPositions && classify(slot.prefix.codePointAt(0)) === 'cjk') {
      // A lone CJK character without positions: its list in the c series, the bigrams and the
      // unigram it begins added up at index time; missing, no document has the character.
      const term = characterList(slot.prefix);
      const entry = characters.length ? (await this.shard(this.shardIndex(term, characters), 'c')).get(term) : undefined;
      if (entry) lists.push(entry);
    } else {
      if (!first.length) return new Map();
      // A lone CJK character with positions (in a phrase), or with characterLists off: the bigrams
      // and the unigram it begins, not the 3- and 4-grams. A Latin prefix: at most layout.prefixCap
      // words, the most frequent, the typed word itself among them.
      const prefix = slot.prefix;
      const cjk = classify(prefix.codePointAt(0)) === 'cjk';
      let index = this.shardIndex(prefix, first);
      const wanted = [index];
      while (index + 1 < first.length && first[index + 1].startsWith(prefix)) wanted.push(++index);
      const found = [];
      for (const terms of await Promise.all(wanted.map((i) => this.shard(i)))) {
        for (const [term, entry] of terms) {
          if (term.startsWith(prefix) && (!cjk || [...term].length <= 2)) found.push([term, entry]);
        }
      }
      const less = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
      found.sort(([a, x], [b, y]) => {
        if (cjk) return less(a, b);
        if ((a === prefix) !== (b === prefix)) return a === prefix ? -1 : 1;
        return x.documents !== y.documents ? y.documents - x.documents : less(a, b);
      });
      const cap = this.manifest.layout.prefixCap;
      if (!cjk && found.length > cap) this.cappedPrefix = prefix;
      for (const [, entry] of cjk ? found : found.slice(0, cap)) lists.push(entry);
    }
    const cap = this.manifest.layout.positionCap;
    const files = withPositions ? await Promise.all(lists.map((entry) => this.positionFile(entry.shard))) : [];
    // Cut lists without positions: their heads answer unless the query is read again whole.
    const fromHead = this.heads && !this.wholeLists && !withPositions;
    const tails = await Promise.all(lists.map((entry) => (entry.tailFile && !fromHead ? this.tailFile(entry.tailFile) : null)));
    const result = new Map();
    const layout = this.manifest.layout, average = this.manifest.averageBodyLength;
    const weight = (p) => p.bound ?? termWeight(layout, p.fields, layout.lengths[p.bucket], average);
    // Another list's posting of a document already found: the counts added, or, when either is a
    // bound, the weights (a weight is a sum over fields, each linear in its count).
    const add = (document, posting) => {
      const existing = result.get(document);
      if (!existing) { result.set(document, posting); return; }
      const bound = existing.bound !== null || posting.bound !== null ? weight(existing) + weight(posting) : null;
      result.set(document, {
        bucket: existing.bucket, frequency: existing.frequency + posting.frequency, bound,
        fields: existing.fields.map((f, i) => f + posting.fields[i]),
        positions: existing.positions.concat(posting.positions).sort((a, b) => a - b),
      });
    };
    const total = this.manifest.documents;
    const codes = this.manifest.layout.payloads;
    const payload = (reader) => {
      const head = reader.bytes[reader.offset++];
      const bucket = head & 0x0f, code = codes[head >> 4];
      let [title, labels, body] = code;
      if (code[3] === 1) body += reader.varint();
      if (code[3] === 2) { title = reader.varint(); labels = reader.varint(); body = reader.varint(); }
      return { bucket, title, labels, body };
    };
    lists.forEach(({ term, file, bytes, start, end, documents: count, positions: range, tailFile }, l) => {
      let reader = new Reader(bytes, start, end);
      const positionReader = withPositions ? new Reader(files[l], range[0], range[1]) : null;
      // The documents: a bitmap of all of them when the term is in at least an eighth, else gaps
      // (SearchIndexLayout.isBitmap). Then one payload each: a head byte with the length bucket
      // (bits 0-3) and a code (bits 4-7) of layout.payloads, [title, labels, body, open]: open 1,
      // varint(more body) follows; open 2, varints title, labels and body.
      const documents = [];
      const damaged = () => damagedIndex(file, `the list of ${term}`);
      if (count * 8 >= total && total > 0) {
        if (end - start < (total + 7) >> 3) throw damaged();
        for (let d = 0; d < total; d++) if ((bytes[start + (d >> 3)] >> (d & 7)) & 1) documents.push(d);
        reader.offset = start + ((total + 7) >> 3);
      } else {
        if (count > end - reader.offset) throw damaged();
        let d = -1;
        for (let k = 0; k < count; k++) { d += reader.varint() + 1; documents.push(d); }
      }
      if (tailFile) {
        if (fromHead) {
          // The head: its documents' payloads, then the best left out's, the bound of the rest.
          const head = [];
          let d = -1;
          const headCount = reader.varint();
          if (headCount > count) throw damaged();
          for (let n = headCount; n > 0; n--) { d += reader.varint() + 1; head.push(d); }
          const posting = () => {
            const { bucket, title, labels, body } = payload(reader);
            return { bucket, frequency: title + labels + body, fields: [title, labels, body], positions: [], bound: null };
          };
          const known = new Map(head.map((document) => [document, posting()]));
          const bound = posting();
          bound.bound = weight(bound);
          for (const document of documents) add(document, known.get(document) ?? bound);
          return;
        }
        reader = new Reader(tails[l]);
      }
      for (const document of documents) {
        const { bucket, title, labels, body } = payload(reader);
        const frequency = title + labels + body;
        const positions = [];
        if (positionReader) {
          let position = 0;
          for (let k = Math.min(frequency, cap); k > 0; k--) { position += positionReader.varint(); positions.push(position); }
        }
        add(document, { bucket, frequency, fields: [title, labels, frequency - title - labels], positions, bound: null });
      }
    });
    result.counts = lists.length === 1 ? lists[0].counts : null;
    return result;
  }

  /** A CJK term of 3 or 4 characters is its n-gram's list; longer terms and phrases keep the
   *  documents with every covering n-gram, then prove adjacency with a covering subset of their
   *  bigrams' positions (adjacency). A missing n-gram means no document has it when every n-gram is indexed (gramMinimumDocuments 1). */
  async match(term) {
    const layout = this.manifest.layout;
    const field = (p) => (p < layout.labelsBase ? 0 : p < layout.bodyBase ? 1 : 2);
    const everyGram = layout.gramMinimumDocuments <= 1;
    // The matches of one list, with where its facet counts lie (`counts`, when it has them).
    const only = (list) => {
      const matches = new Map([...list].map(([d, p]) => [d, { fields: p.fields, bucket: p.bucket, bound: p.bound }]));
      matches.counts = list.counts;
      return matches;
    };
    if (term.runs.length === 1 && term.runs[0].kind === 'cjk') {
      // A 3- or 4-gram, or a long term the index keeps whole (PhraseTable.swift): one list. A long
      // term it does not keep is proved below (its shard is its first covering 4-gram's: gramShard hashes the first four characters).
      const n = [...term.runs[0].text].length;
      if (n >= 3 && (this.wholeTerms || n <= 4)) {
        const list = await this.postings({ exact: term.runs[0].text }, false);
        if (list.size || (everyGram && n <= 4)) return only(list);
      }
    }
    // The covering n-grams' shards are fetched together; bigram shards and positions only after.
    let candidates = null;
    const gramLists = await Promise.all(term.runs.flatMap((run) => covering(run)).map((gram) => this.postings({ exact: gram }, false)));
    for (const list of gramLists) {
      if (!list.size) { if (everyGram) return new Map(); continue; }
      candidates = candidates ? new Set([...candidates].filter((d) => list.has(d))) : new Set(list.keys());
      if (!candidates.size) return new Map();
    }
    const termSlots = slots(term);
    const single = termSlots.length === 1 && termSlots[0].length === 1;
    const checked = adjacency(termSlots, this.everyBigram);
    const flat = await Promise.all(checked.map(({ slot }) => this.postings(slot, !single)));
    const result = new Map();
    if (!flat.length) return result;
    if (single) return only(flat[0]);
    for (const [document, start] of flat[0]) {
      if (candidates && !candidates.has(document)) continue;
      if (!flat.every((list) => list.has(document))) continue;
      const sets = flat.slice(1).map((list) => new Set(list.get(document).positions));
      const fields = [0, 0, 0];
      for (const position of start.positions) {
        if (sets.every((set, i) => set.has(position + checked[i + 1].offset))) fields[field(position)]++;
      }
      if (fields.every((f) => f === 0) && flat.some((list) => { const p = list.get(document); return p.frequency > p.positions.length; })) {
        fields[2] = 1;
      }
      if (fields.some((f) => f > 0)) result.set(document, { fields, bucket: start.bucket, bound: null });
    }
    return result;
  }

  /** Key `k`'s column of the document facet table, from its own file: columns[document] = value
   *  indices, ascending (see FacetTable in FacetTable.swift). Swift: `facetColumn`. */
  facetColumn(k) {
    if (!this.facetColumns.has(k)) {
      const { facets: list, documentFacets, documents } = this.manifest;
      const key = documentFacets.keys[k];
      this.facetColumns.set(k, this.file(`facet${k}.${documentFacets.hash}.bin`).then((bytes) => {
        const rows = [];
        for (let d = 0; d < documents; d++) rows.push([]);
        if (key.encoding === 'values') {
          const reader = new Reader(bytes, key.offset);
          [...key.kinds].forEach((kind, v) => {
            if (kind === 'b') {
              for (let d = 0; d < documents; d++) if ((bytes[reader.offset + (d >> 3)] >> (d & 7)) & 1) rows[d].push(v);
              reader.offset += (documents + 7) >> 3;
              return;
            }
            // Gaps Rice-coded with parameter `kind` (hexadecimal): gap >> k one-bits, a zero, k low bits.
            const rice = parseInt(kind, 16);
            let bit = reader.offset * 8, document = -1;
            const next = () => { const b = (bytes[bit >> 3] >> (bit & 7)) & 1; bit++; return b; };
            for (let n = list[k].values[v].count; n > 0; n--) {
              let gap = 0;
              while (next() === 1) gap += 2 ** rice;
              for (let b = 0; b < rice; b++) gap += next() * 2 ** b;
              document += gap + 1;
              rows[document].push(v);
            }
            reader.offset = (bit + 7) >> 3;
          });
          return rows;
        }
        for (let d = 0; d < documents; d++) {
          let code = 0;
          for (let b = 0; b < key.bits; b++) {
            const at = d * key.bits + b;
            if ((bytes[key.offset + (at >> 3)] >> (at & 7)) & 1) code += 2 ** b;
          }
          if (key.encoding === 'one') rows[d].push(code);
          else if (key.encoding === 'code') { if (code > 0) rows[d].push(code - 1); }
          else for (let b = 0; b < key.bits; b++) if (Math.floor(code / 2 ** b) % 2) rows[d].push(b);
        }
        return rows;
      }));
    }
    return this.facetColumns.get(k);
  }

  async fragment(document) {
    const perFile = this.manifest.fragments.perFile;
    const bundle = Math.floor(document / perFile);
    if (!this.bundles.has(bundle)) {
      this.bundles.set(bundle, this.file(`f${bundle}.${groupHash(this.manifest.fragments.hashes, bundle)}.json`).then((b) => JSON.parse(utf8.decode(b))));
    }
    return (await this.bundles.get(bundle))[document % perFile];
  }

  /** Per query term, its synonyms or null; the dictionary is fetched only when a term may have some
   *  (it begins with a character some dictionary term begins with). */
  async synonyms(query) {
    const entry = this.manifest.synonyms;
    if (!entry) return query.map(() => null);
    const initials = new Set([...entry.initials]);
    const candidates = query.map((term) => !term.phrase && term.runs.length === 1 && initials.has([...term.runs[0].text][0]));
    if (!candidates.includes(true)) return query.map(() => null);
    if (!this.synonymTable) {
      this.synonymTable = this.file(entry.file).then((bytes) => {
        const { groups, unfound } = JSON.parse(utf8.decode(bytes));
        return new SynonymTable(groups, unfound);
      });
    }
    const table = await this.synonymTable;
    return query.map((term, i) => (candidates[i] ? table.expansions(term) : null));
  }

  /** What `results` finds, then the facet counts (`facetCounts`): {total, hits, facets: [{key, label,
   *  values: [{id, label, count}]}], synonyms, exactQuery, cappedPrefix, prefixCap, filesRead, bytesRead}.
   *  Swift: `SearchIndex.search`. */
  async search(text, filters = {}, limit = 10, offset = 0) {
    const found = await this.results(text, filters, limit, offset);
    const facets = await this.facetCounts(found);
    return { ...found, facets, filesRead: this.filesRead, bytesRead: this.bytesRead };
  }

  /** {total, hits: [{title, path, meta, score, snippet, facets}], synonyms: [{term, synonyms}], exactQuery,
   *   cappedPrefix (a Latin prefix that begins more words than layout.prefixCap; only the most frequent
   *   were searched), prefixCap, filesRead, bytesRead}: the results without the facet counts. They read
   *  the facet files of the filtered keys only (a hit's own values are in its fragment), so the page
   *  can show them before `facetCounts` has read every key's file. */
  async results(text, filters = {}, limit = 10, offset = 0) {
    let prepared = await this.prepare(text);
    let ranking = await this.rank(prepared, filters, null, offset + limit);
    if (!ranking) {
      // The heads could not answer: the query again, every list whole.
      this.headFallbacks++;
      prepared = await this.prepare(text, true);
      ranking = await this.rank(prepared, filters, null, offset + limit);
    }
    const hits = await this.hits(prepared, ranking, offset, offset + limit);
    const results = {
      total: ranking.total, hits, synonyms: ranking.synonyms, exactQuery: ranking.exactQuery,
      cappedPrefix: ranking.cappedPrefix, prefixCap: this.manifest.layout.prefixCap,
      filesRead: this.filesRead, bytesRead: this.bytesRead,
    };
    // What `facetCounts` needs, kept out of the results' own fields.
    Object.defineProperty(results, 'ranking', { value: ranking, enumerable: false });
    return results;
  }

  /** The query parsed, its synonyms and every term's matches (with those of its synonyms), read
   *  once for `statistics`, `rank` and `hits`; `whole`: every list read whole, no head (several
   *  indexes as one rank with whole lists). Swift: `prepare` and `alternatives`. */
  async prepare(text, whole = false) {
    const query = parseQuery(text);
    this.cappedPrefix = null;
    const expansions = await this.synonyms(query);
    const before = this.wholeLists;
    this.wholeLists = before || whole;
    try {
      const matches = await Promise.all(query.map((term, i) => Promise.all(
        [this.match(term), ...(expansions[i] ? expansions[i].expansions : []).map((e) => this.match(e.term))])));
      return { query, expansions, matches, cappedPrefix: this.cappedPrefix };
    } finally { this.wholeLists = before; }
  }

  /** What BM25 counts of this index for a prepared query: documents, their stored body lengths
   *  added up, and each term's document frequency (Swift: `SearchStatistics`). */
  statistics(prepared) {
    const { manifest } = this;
    return {
      documents: manifest.documents,
      bodyLength: manifest.bodyLength ?? Math.round(manifest.averageBodyLength * manifest.documents),
      frequencies: prepared.matches.map(frequency),
    };
  }

  /** Every matching document best first ([document, score]), or with `first` only the first
   *  `first`, what `countFacets` needs, and each term's rarity for the snippets; scored with `corpus`
   *  (several indexes as one) when given, else with this index's own statistics. Reads the facet
   *  files of the filtered keys only. Null when `prepared` was read from heads and they cannot
   *  answer: the `first` best must be exactly scored and every document scored with a head's bound
   *  below the last of them by more than headMargin (never with `corpus`: heads are ordered at this
   *  index's average length). `prepare` it again with wholeLists. Swift: `rank`. */
  async rank(prepared, filters = {}, corpus = null, first = null) {
    const { manifest } = this;
    const { query, expansions, matches } = prepared;
    const count = corpus ? corpus.documents : manifest.documents, layout = manifest.layout;
    const average = corpus ? averageBodyLength(corpus.bodyLength, corpus.documents) : manifest.averageBodyLength;
    let scores = new Map();
    // Documents scored with a head's bound rather than exactly.
    const bounded = new Set();
    // Per query term, how rare it is, for choosing each result's snippet passage.
    const rarity = query.map(() => 1);
    if (!query.length) {
      for (let d = 0; d < manifest.documents; d++) scores.set(d, 0);
    } else {
      // The term's own matches count in full, its synonyms' at the dictionary's weight; a document's
      // weighted frequency adds them up, and the idf counts every document any of them matched.
      matches.forEach((found, index) => {
        const factors = found.map((_, a) => (a === 0 ? 1 : manifest.synonyms.weight));
        const weightedFrequency = new Map();
        found.forEach((list, a) => {
          for (const [document, m] of list) {
            if (index > 0 && !scores.has(document)) continue;
            if (m.bound !== null) bounded.add(document);
            const weighted = m.bound ?? termWeight(layout, m.fields, layout.lengths[m.bucket], average);
            weightedFrequency.set(document, (weightedFrequency.get(document) ?? 0) + factors[a] * weighted);
          }
        });
        const df = corpus ? corpus.frequencies[index] : frequency(found);
        const idf = Math.log(1 + (count - df + 0.5) / (df + 0.5));
        rarity[index] = snippetRarity(df, count);
        const next = new Map();
        for (const [document, weighted] of weightedFrequency) {
          next.set(document, (scores.get(document) ?? 0) + (idf * weighted * (layout.k1 + 1)) / (weighted + layout.k1));
        }
        scores = next;
      });
    }
    const list = manifest.facets;
    const wanted = await Promise.all(list.map(async (key, k) => {
      const ids = filters[key.key];
      if (!ids || !ids.length) return null;
      const values = new Set(key.values.map((v, i) => (ids.includes(v.id) ? i : -1)).filter((i) => i >= 0));
      return { values, column: await this.facetColumn(k) };
    }));
    const passes = (document, skipped) => wanted.every((w, k) => k === skipped || !w || w.column[document].some((v) => w.values.has(v)));
    // A query of one list, unfiltered, matches that list's documents: its counts, when it has them.
    let counted = null;
    if (this.termCounts && wanted.every((w) => !w) && query.length === 1) {
      const found = matches[0].filter((m) => m.size);
      if (found.length === 1 && found[0].counts && found[0].counts.documents === scores.size) counted = found[0].counts;
    }
    let ranked = [...scores].filter(([d]) => passes(d, -1)).sort((a, b) => (a[1] !== b[1] ? b[1] - a[1] : a[0] - b[0]));
    const total = ranked.length;
    if (bounded.size) {
      if (corpus || first === null) return null;
      const shown = ranked.slice(0, first);
      if (shown.some(([d]) => bounded.has(d))) return null;
      if (shown.length && shown.length < ranked.length) {
        const last = shown[shown.length - 1][1];
        for (let i = shown.length; i < ranked.length; i++) {
          if (bounded.has(ranked[i][0]) && !(ranked[i][1] < last - headMargin(last))) return null;
        }
      }
      ranked = shown;
      this.headAnswers++;
    }
    return {
      ranked, total,
      matched: [...scores.keys()], passes, rarity, counted,
      synonyms: expansions.filter((e) => e).map((e) => ({ term: e.written, synonyms: e.expansions.map((x) => x.text) })),
      exactQuery: expansions.some((e) => e) ? exactQuery(query, new Set(expansions.flatMap((e, i) => (e ? [i] : [])))) : null,
      cappedPrefix: prepared.cappedPrefix,
    };
  }

  /** The results of `ranking` from rank `start` up to `end`: title, path, meta line, snippet, facet values. */
  async hits(prepared, ranking, start, end) {
    const list = this.manifest.facets;
    const { query, expansions } = prepared;
    // The snippets mark the synonyms too: they are why a document without the term was found.
    const codes = (run) => [...run.text].map((c) => c.codePointAt(0));
    const snippetTerms = query.map((term, i) => ({
      own: term.runs.map(codes),
      synonyms: (expansions[i] ? expansions[i].expansions : []).flatMap((x) => x.term.runs.map(codes)),
      rarity: ranking.rarity[i],
    }));
    return Promise.all(ranking.ranked.slice(start, end).map(async ([document, score]) => {
      const f = await this.fragment(document);
      const values = {};
      list.forEach((key, k) => { if (f.f[k] && f.f[k].length) values[key.key] = f.f[k].map((v) => key.values[v].id); });
      return { title: f.t, path: f.u, meta: f.m, score: Math.round(score * 10000) / 10000,
               snippet: snippet(f.x, snippetTerms), facets: values };
    }));
  }

  /** The facet counts of `results` (from `results`): `countFacets`'s. */
  async facetCounts(results) {
    return this.countFacets(results.ranking);
  }

  /** The facet counts of `ranking` (from `rank`): per key, the matched documents that pass every
   *  other key's filter, counted by value. Reads every key's facet file, or, for a query of one list
   *  that has them, the list's counts (TermFacetCounts.swift), or none when no document matched.
   *  Swift: `facetCounts`. */
  async countFacets(ranking) {
    const { matched, passes, counted } = ranking;
    const list = this.manifest.facets;
    // No document matched: every count is 0, without a file.
    if (!matched.length) {
      return list.map((key) => ({ key: key.key, label: key.label, values: key.values.map((v) => ({ id: v.id, label: v.label, count: 0 })) }));
    }
    if (counted) {
      if (!this.countsFiles.has(counted.file)) this.countsFiles.set(counted.file, this.file(counted.file));
      const reader = new Reader(await this.countsFiles.get(counted.file));
      // Entry `ordinal`: each entry before it skipped by its byte count.
      for (let k = 0; k < counted.ordinal; k++) { const length = reader.varint(); reader.offset += length; }
      reader.varint();
      return list.map((key) => {
        // Held to the list's documents, as TermFacetCounts.entry holds them: another site's file is data.
        const counts = key.values.map(() => Math.min(reader.varint(), counted.documents));
        return { key: key.key, label: key.label, values: key.values.map((v, i) => ({ id: v.id, label: v.label, count: counts[i] })) };
      });
    }
    const columns = await Promise.all(list.map((_, k) => this.facetColumn(k)));
    return list.map((key, k) => {
      const counts = new Array(key.values.length).fill(0);
      for (const document of matched) if (passes(document, k)) for (const v of columns[k][document]) counts[v]++;
      return { key: key.key, label: key.label, values: key.values.map((v, i) => ({ id: v.id, label: v.label, count: counts[i] })) };
    });
  }
}

/** BM25F's weighted frequency: occurrences per field (title, labels, body), the body's normalised
 *  by the document's stored length. Swift: `SearchIndexLayout.weightedFrequency`. */
function termWeight(layout, fields, length, average) {
  const norm = 1 - layout.b + (layout.b * length) / average;
  return layout.weights[0] * fields[0] + layout.weights[1] * fields[1] + (layout.weights[2] * fields[2]) / norm;
}

/** Whether a list of `documents` is cut into a head and a tail. Swift: `PostingHead.isCut`. */
function isCutList(documents, layout) {
  return layout.headDocuments > 0 && documents > Math.max(layout.headDocuments, layout.headMinimumDocuments);
}

/** How far below a page's last score a head's bound must be. Swift: `SearchIndex.headMargin`. */
function headMargin(score) { return 1e-9 * Math.max(1, Math.abs(score)); }

/** Documents matched by a term or any of its synonyms: its document frequency. */
function frequency(found) {
  return found.length === 1 ? found[0].size : new Set(found.flatMap((list) => [...list.keys()])).size;
}

/** BM25's average body length, to three decimals, at least 1: as the index writer computes the
 *  manifest's (Swift: `SearchIndexLayout.averageBodyLength`). */
export function averageBodyLength(total, documents) {
  return documents === 0 ? 1 : Math.max(Math.round((total / documents) * 1000) / 1000, 1);
}

const MARK = /\p{M}/u;
const isMark = (ch) => ch === '\uff9e' || ch === '\uff9f' || MARK.test(ch);

/** A term's rarity: the bit length of the documents per document it matched. Swift: `Snippet.rarity`. */
export function snippetRarity(documents, total) {
  const ratio = Math.max(1, Math.floor(total / Math.max(documents, 1)));
  return 32 - Math.clz32(ratio);
}

/** A result's snippet: from the passage (a line of the fragment's text: one of the body's blocks) with
 *  the most and rarest query terms ({own, synonyms, rarity}: a passage scores, per term it holds, its
 *  rarity, twice when the term itself is there, once when only a synonym is; the earliest of the best
 *  wins), the window from its first match, split at the matches: odd-numbered parts are matches. The
 *  text is as written; it is normalised cluster by cluster (a character and the marks after it: NFKC,
 *  then the case fold), each normalised character remembering its cluster, so a match found in
 *  normalised form marks the original characters. No match: the text's start. Swift: `Snippet`. */
export function snippet(text, terms, before = 30, length = 120) {
  const chars = [...text];
  const folded = [], origin = [];
  for (let i = 0; i < chars.length;) {
    let end = i + 1;
    while (end < chars.length && isMark(chars[end])) end++;
    for (const c of chars.slice(i, end).join('').normalize('NFKC')) { folded.push(fold(c.codePointAt(0))); origin.push([i, end]); }
    i = end;
  }
  const starts = [0], passage = new Array(chars.length);
  chars.forEach((c, i) => { passage[i] = starts.length - 1; if (c === '\n') starts.push(i + 1); });
  const marks = new Array(chars.length).fill(false);
  const held = starts.map(() => terms.map(() => 0));
  const first = starts.map(() => -1);
  terms.forEach((term, t) => {
    for (const [weight, needles] of [[2, term.own], [1, term.synonyms]]) {
      for (const needle of needles) {
        if (!needle.length || needle.length > folded.length) continue;
        for (let start = 0; start + needle.length <= folded.length; start++) {
          let ok = true;
          for (let i = 0; i < needle.length; i++) if (folded[start + i] !== needle[i]) { ok = false; break; }
          if (!ok) continue;
          const from = origin[start][0], p = passage[from];
          for (let i = from; i < origin[start + needle.length - 1][1]; i++) marks[i] = true;
          held[p][t] = Math.max(held[p][t], weight);
          if (first[p] < 0 || from < first[p]) first[p] = from;
        }
      }
    }
  });
  let best = -1, bestScore = 0;
  starts.forEach((_, p) => {
    const score = terms.reduce((sum, term, t) => sum + held[p][t] * term.rarity, 0);
    if (score > bestScore) { best = p; bestScore = score; }
  });
  const shown = (c) => (c === '\n' ? ' ' : c);
  if (best < 0) return [chars.slice(0, length).map(shown).join('')];
  const start = Math.max(starts[best], first[best] - before), end = Math.min(chars.length, start + length);
  const parts = [start > 0 ? '…' : ''];
  let marked = false;
  for (let i = start; i < end; i++) {
    if (marks[i] !== marked) { parts.push(''); marked = marks[i]; }
    parts[parts.length - 1] += shown(chars[i]);
  }
  if (end < chars.length) {
    if (parts.length % 2 === 0) parts.push('');
    parts[parts.length - 1] += '…';
  }
  return parts;
}
