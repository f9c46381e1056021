// Search across sites (`search.sites` in minaoshi.yml): this site's index and other Minaoshi sites'
// indexes searched as one corpus, the same algorithm as Sources/MinaoshiSearch/SearchFederation.swift.
// Loaded by the search page only when the site lists other sites, so a site that lists none
// fetches none of it.
import { SearchIndex, averageBodyLength } from './engine.js';

/** Several sites' indexes searched as one corpus: each scores its documents with the statistics of
 *  all of them added up, so the merged ranking is that of one index of every document. Ties go to
 *  the site listed first. A site that cannot be read is named in `unreachable`; the rest answer.
 *  Swift: `SearchFederation`. */
export class SearchFederation {
  /** @param sites [{label, base (null for this site, else the URL its paths are taken from), loader}] */
  static async open(sites) {
    const federation = new SearchFederation();
    federation.sites = await Promise.all(sites.map(async (site) => {
      try {
        return { ...site, index: await SearchIndex.open(site.loader), problem: null };
      } catch (error) {
        return { ...site, index: null, problem: String(error && error.message ? error.message : error) };
      }
    }));
    const open = federation.sites.filter((site) => site.index);
    federation.manifest = {
      documents: open.reduce((sum, site) => sum + site.index.manifest.documents, 0),
      facets: mergedFacets(open.map((site) => site.index.manifest.facets), open.map((site) => site.index.manifest.facets)),
      layout: open.length ? open[0].index.manifest.layout : { prefixCap: 0 },
    };
    return federation;
  }

  /** The sites that could not be opened, as {site, reason}. */
  get closed() {
    return this.sites.filter((site) => !site.index).map((site) => ({ site: site.label, reason: site.problem }));
  }

  /** What `results` finds across the sites, then the merged facet counts (`facetCounts`). */
  async search(text, filters = {}, limit = 10, offset = 0) {
    const found = await this.results(text, filters, limit, offset);
    const facets = await this.facetCounts(found);
    return { ...found, facets, filesRead: this.filesRead, bytesRead: this.bytesRead };
  }

  /** Index files read so far by every site, and their bytes. */
  get filesRead() { return this.sites.reduce((sum, site) => sum + (site.index ? site.index.filesRead : 0), 0); }
  get bytesRead() { return this.sites.reduce((sum, site) => sum + (site.index ? site.index.bytesRead : 0), 0); }

  /** The merged results without the facet counts, as `SearchIndex.results` gives them, with
   *  `unreachable`: the page shows them before `facetCounts` has read every site's facet files. */
  async results(text, filters = {}, limit = 10, offset = 0) {
    const unreachable = this.closed;
    let open = this.sites.filter((site) => site.index);
    // Each step asks every site that still answers; one that fails is named and left out.
    const attempt = async (step) => {
      const answers = await Promise.all(open.map((site) => step(site).then((value) => ({ site, value }), (error) => {
        unreachable.push({ site: site.label, reason: String(error && error.message ? error.message : error) });
        return null;
      })));
      const answered = answers.filter((a) => a);
      open = answered.map((a) => a.site);
      return answered;
    };
    // Whole lists: a head is ordered at its own index's average length, not the sites' together.
    const prepared = new Map((await attempt((site) => site.index.prepare(text, true))).map((a) => [a.site, a.value]));
    const parts = open.map((site) => site.index.statistics(prepared.get(site)));
    const corpus = {
      documents: parts.reduce((sum, p) => sum + p.documents, 0),
      bodyLength: parts.reduce((sum, p) => sum + p.bodyLength, 0),
      frequencies: (parts[0] ? parts[0].frequencies : []).map((_, t) => parts.reduce((sum, p) => sum + p.frequencies[t], 0)),
    };
    const rankings = await attempt((site) => site.index.rank(prepared.get(site), filters, corpus));
    const merged = [];
    rankings.forEach(({ value }, part) => value.ranked.forEach(([, score], rank) => merged.push({ part, rank, score })));
    merged.sort((a, b) => (a.score !== b.score ? b.score - a.score : a.part !== b.part ? a.part - b.part : a.rank - b.rank));
    const page = merged.slice(offset, offset + limit);
    const hits = new Array(page.length);
    await Promise.all(rankings.map(async ({ site, value }, part) => {
      const mine = page.map((entry, position) => ({ ...entry, position })).filter((entry) => entry.part === part);
      if (!mine.length) return;
      try {
        const found = await site.index.hits(prepared.get(site), value, mine[0].rank, mine[mine.length - 1].rank + 1);
        found.forEach((hit, i) => {
          hit.site = site.label;
          if (site.base) hit.path = site.base.replace(/\/?$/, '/') + hit.path.replace(/^\/+/, '');
          hits[mine[i].position] = hit;
        });
      } catch (error) {
        unreachable.push({ site: site.label, reason: String(error && error.message ? error.message : error) });
      }
    }));
    const synonyms = [];
    for (const { value } of rankings) {
      for (const entry of value.synonyms) {
        const known = synonyms.find((s) => s.term === entry.term);
        if (known) known.synonyms.push(...entry.synonyms.filter((t) => !known.synonyms.includes(t)));
        else synonyms.push({ term: entry.term, synonyms: [...entry.synonyms] });
      }
    }
    const indexes = rankings.map(({ site }) => site.index);
    const results = {
      total: merged.length, hits: hits.filter((hit) => hit),
      synonyms, exactQuery: rankings.map(({ value }) => value.exactQuery).find((q) => q) ?? null,
      cappedPrefix: rankings.map(({ value }) => value.cappedPrefix).find((p) => p) ?? null,
      prefixCap: indexes.length ? indexes[0].manifest.layout.prefixCap : 0,
      filesRead: this.filesRead, bytesRead: this.bytesRead,
      unreachable,
    };
    // What `facetCounts` needs, kept out of the results' own fields.
    Object.defineProperty(results, 'rankings', { value: rankings, enumerable: false });
    return results;
  }

  /** The facet counts of `results` (from `results`), added up over the sites that answered; a site
   *  that fails now is added to `results.unreachable`. Swift: the end of `SearchFederation.search`. */
  async facetCounts(results) {
    const counted = (await Promise.all(results.rankings.map(({ site, value }) => site.index.countFacets(value).then(
      (counts) => ({ site, counts }),
      (error) => { results.unreachable.push({ site: site.label, reason: String(error && error.message ? error.message : error) }); return null; },
    )))).filter((c) => c);
    return mergedFacets(counted.map((c) => c.counts), counted.map((c) => c.site.index.manifest.facets));
  }
}

/** Facet counts added up by key and value id, in the order one index of every document lists them:
 *  keys as the first site has them, values by their documents over every index (the manifests'
 *  counts), most first, ties by id. Swift: `SearchFederation.mergedFacets`. */
function mergedFacets(counts, manifests) {
  const keys = [], labels = new Map(), totals = new Map(), valueLabels = new Map(), found = new Map();
  for (const list of manifests) {
    for (const key of list) {
      if (!labels.has(key.key)) { keys.push(key.key); labels.set(key.key, key.label); totals.set(key.key, new Map()); valueLabels.set(key.key, new Map()); }
      for (const value of key.values) {
        totals.get(key.key).set(value.id, (totals.get(key.key).get(value.id) ?? 0) + value.count);
        if (!valueLabels.get(key.key).has(value.id)) valueLabels.get(key.key).set(value.id, value.label);
      }
    }
  }
  for (const list of counts) {
    for (const key of list) for (const value of key.values) found.set(`${key.key}=${value.id}`, (found.get(`${key.key}=${value.id}`) ?? 0) + value.count);
  }
  return keys.map((key) => ({
    key, label: labels.get(key),
    values: [...totals.get(key)].sort((a, b) => (a[1] !== b[1] ? b[1] - a[1] : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([id]) => ({ id, label: valueLabels.get(key).get(id), count: found.get(`${key}=${id}`) ?? 0 })),
  }));
}
