// The search page (/search/): results as you type, filters with live counts, the state in the
// URL (?q=…&category=…) so a search can be shared. No framework, no build step.
import { SearchIndex } from './engine.js';

const PAGE = 5;
const root = document.getElementById('search');
const form = document.getElementById('search-form');
const input = document.getElementById('search-q');
const filtersBox = document.getElementById('search-filters');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
const more = document.getElementById('search-more');
/** A note under the status line, hidden until it has something to say. */
function note(id, after) {
  const element = document.createElement('p');
  element.id = id;
  element.className = 'search__synonyms';
  element.hidden = true;
  after.after(element);
  return element;
}
// Which synonyms a query also searched, with a button for the search without them.
const synonymsNote = note('search-synonyms', status);
// The filters come after the results, folded into a disclosure that says how many are ticked;
// it is shown once the first results are drawn, so nothing moves under the reader's thumb.
const disclosure = document.getElementById('search-filters-disclosure');
const ticked = document.getElementById('search-filters-ticked');
const wide = window.matchMedia('(min-width: 60rem)');
const base = root.dataset.base;
const indexURL = root.dataset.index;

let limit = PAGE;
let sequence = 0;
let timer = 0;
const boxes = new Map(); // "key=value" → {checkbox, label, count}
const fieldsets = new Map(); // facet key → its fieldset, hidden while none of its values has results

const load = (folder) => (name) => fetch(folder + name).then((response) => {
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return response.arrayBuffer();
});
// Other sites listed in minaoshi.yml (`search.sites`): searched with this one as one corpus, each
// result labelled with its site. Their origins are in the page's connect-src, and they must send
// Access-Control-Allow-Origin (README, "Search across sites").
const sites = root.dataset.sites ? JSON.parse(root.dataset.sites) : [];
const indexPromise = sites.length
  ? import('./federation.js').then(({ SearchFederation }) => SearchFederation.open([{ label: root.dataset.label, base: null, loader: load(indexURL) },
    ...sites.map((site) => ({ label: site.label, base: site.url, loader: load(`${site.url}search/`) }))]))
  : SearchIndex.open(load(indexURL));
// Which listed sites could not be read: named, while the others answer.
const unreachableNote = note('search-unreachable', status);

function showUnreachable(problems) {
  unreachableNote.hidden = !problems || !problems.length;
  unreachableNote.textContent = unreachableNote.hidden ? ''
    : `${problems.map((p) => `${p.site}の索引に接続できませんでした`).join('。')}。ほかのサイトの結果を表示しています。`;
}

function selectedFilters() {
  const filters = {};
  for (const [id, entry] of boxes) {
    if (!entry.checkbox.checked) continue;
    const [key, value] = id.split('=');
    (filters[key] ||= []).push(value);
  }
  return filters;
}

function showTicked(filters) {
  const count = Object.values(filters).reduce((sum, values) => sum + values.length, 0);
  ticked.textContent = count ? `（${count}件選択中）` : '（選択なし）';
}

function writeURL(query, filters) {
  const params = new URLSearchParams();
  if (query) params.set('q', query);
  for (const [key, values] of Object.entries(filters)) for (const value of values) params.append(key, value);
  const search = params.toString();
  history.replaceState(null, '', search ? `?${search}` : location.pathname);
}

function buildFilters(facets, initial) {
  for (const facet of facets) {
    if (!facet.values.length) continue;
    const fieldset = document.createElement('fieldset');
    fieldsets.set(facet.key, fieldset);
    const legend = document.createElement('legend');
    legend.textContent = facet.label;
    fieldset.append(legend);
    for (const value of facet.values) {
      const label = document.createElement('label');
      const checkbox = document.createElement('input');
      checkbox.type = 'checkbox';
      checkbox.name = facet.key;
      checkbox.value = value.id;
      checkbox.checked = (initial.getAll(facet.key) || []).includes(value.id);
      checkbox.addEventListener('change', () => { limit = PAGE; run(); });
      const count = document.createElement('span');
      label.append(checkbox, ` ${value.label} `, count);
      fieldset.append(label);
      boxes.set(`${facet.key}=${value.id}`, { checkbox, label, count });
    }
    filtersBox.append(fieldset);
  }
}

function updateCounts(facets) {
  for (const facet of facets) {
    let shown = 0;
    for (const value of facet.values) {
      const entry = boxes.get(`${facet.key}=${value.id}`);
      if (!entry) continue;
      entry.count.textContent = `(${value.count})`;
      entry.label.hidden = value.count === 0 && !entry.checkbox.checked;
      if (!entry.label.hidden) shown += 1;
    }
    const fieldset = fieldsets.get(facet.key);
    if (fieldset) fieldset.hidden = shown === 0;
  }
}

function renderHits(hits) {
  list.replaceChildren(...hits.map((hit) => {
    const item = document.createElement('li');
    const heading = document.createElement('h2');
    heading.className = 'search__title';
    const link = document.createElement('a');
    // Another site's result has an absolute URL (its base and its path); this site's a site path.
    link.href = hit.site && /^https?:\/\//.test(hit.path) ? hit.path : base + hit.path.replace(/^\//, '');
    link.textContent = hit.title;
    heading.append(link);
    const meta = document.createElement('p');
    meta.className = 'search__meta';
    meta.textContent = hit.site ? `${hit.site} ／ ${hit.meta}` : hit.meta;
    const snippet = document.createElement('p');
    snippet.className = 'search__snippet';
    hit.snippet.forEach((part, i) => {
      if (i % 2 === 1) { const mark = document.createElement('mark'); mark.textContent = part; snippet.append(mark); }
      else snippet.append(part);
    });
    item.append(heading, meta, snippet);
    return item;
  }));
}

// A typed prefix that begins more words than the engine looks up (Swift: SearchNotes.cappedPrefix).
const capNote = note('search-prefix-cap', synonymsNote);

function showCap(results) {
  capNote.hidden = !(results && results.cappedPrefix);
  capNote.textContent = capNote.hidden ? ''
    : `「${results.cappedPrefix}」で始まる語が多いため、よく使われる${results.prefixCap}語だけを検索しています。語を最後まで入力すると、その語で検索します。`;
}

/** 「ドローン」の同義語「無人航空機」「UAV」も含めています, and a button that searches the exact terms. */
function showSynonyms(results) {
  if (!results || !results.synonyms.length) { synonymsNote.hidden = true; synonymsNote.replaceChildren(); return; }
  const text = results.synonyms.map((s) => `「${s.term}」の同義語${s.synonyms.map((t) => `「${t}」`).join('')}`).join('、') + 'も含めています。';
  const exact = document.createElement('button');
  exact.type = 'button';
  exact.className = 'search__more';
  exact.textContent = `${results.synonyms.map((s) => `「${s.term}」`).join('')}だけで検索`;
  exact.addEventListener('click', () => {
    input.value = results.exactQuery;
    limit = PAGE;
    run();
    input.focus();
  });
  synonymsNote.replaceChildren(text, ' ', exact);
  synonymsNote.hidden = false;
}

async function run() {
  const mine = ++sequence;
  const query = input.value.trim() ? input.value : '';
  const filters = selectedFilters();
  writeURL(query.trim(), filters);
  showTicked(filters);
  let index;
  try {
    index = await indexPromise;
  } catch (error) {
    status.textContent = '検索用のデータを読み込めませんでした。ページを再読み込みしてください。';
    return;
  }
  if (mine !== sequence) return;
  const filtered = Object.keys(filters).length > 0;
  if (!query.trim() && !filtered) {
    // Nothing asked yet: the manifest has every count, so neither a facet file nor a fragment is
    // fetched until the visitor types or filters.
    updateCounts(index.manifest.facets);
    showUnreachable(index.closed);
    showSynonyms(null);
    showCap(null);
    list.replaceChildren();
    more.hidden = true;
    status.textContent = `言葉を入力するか、分類などで絞り込んでください（全${index.manifest.documents}件）。`;
    return;
  }
  // The results first: they read the facet files of the filtered keys only. The counts, which read
  // every key's file, follow.
  const results = await index.results(query, filters, limit);
  if (mine !== sequence) return;
  showUnreachable(results.unreachable);
  showSynonyms(results);
  showCap(results);
  renderHits(results.hits);
  more.hidden = results.hits.length >= results.total;
  const what = query.trim() ? `「${query.trim()}」の検索結果` : '絞り込みの結果';
  status.textContent = results.total === 0
    ? `${what}：該当するページはありません。言葉を減らすか、別の言い方を試すか、絞り込みを外してください。`
    : `${what}：${results.total}件（${results.hits.length}件を表示）`;
  const counts = await index.facetCounts(results);
  if (mine !== sequence) return;
  updateCounts(counts);
}

input.addEventListener('input', () => {
  limit = PAGE;
  clearTimeout(timer);
  timer = setTimeout(run, 200);
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(timer);
  limit = PAGE;
  run();
});
more.addEventListener('click', () => {
  limit += PAGE;
  run().then(() => {
    const items = list.querySelectorAll('li a');
    const next = items[limit - PAGE];
    if (next) next.focus();
  });
});

const initial = new URLSearchParams(location.search);
input.value = initial.get('q') || '';
indexPromise.then((index) => {
  buildFilters(index.manifest.facets, initial);
  // Open beside the results on a wide screen; folded under them on a phone.
  if (wide.matches) disclosure.open = true;
  return run();
}).then(() => { disclosure.hidden = false; }).catch(() => { status.textContent = '検索用のデータを読み込めませんでした。ページを再読み込みしてください。'; });
