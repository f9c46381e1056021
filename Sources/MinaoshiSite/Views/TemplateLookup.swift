import MinaoshiTemplate

// How templates read views: each view answers `templateValue(named:)` with a switch over the
// names its templates use (MinaoshiTemplate renders them without reflection or dynamic casts).
// Flags and counts are computed here from the data they describe.
//
// A name a view does not know answers nil, so Mustache looks it up in the enclosing views
// (`{{site.basePath}}` inside a list). A name it knows whose value is absent answers
// `TemplateValue.absent`, which stops that climb: an undated document in a list must show no
// date, not the date of the page around it.

extension PageView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "site": TemplateValue(site)
        case "title": TemplateValue(title)
        case "documentTitle": TemplateValue(documentTitle)
        case "description": TemplateValue(description)
        case "canonicalURL": TemplateValue(canonicalURL)
        case "nav": TemplateValue(nav)
        case "breadcrumbs": TemplateValue(breadcrumbs)
        case "hasBreadcrumbs": TemplateValue(!breadcrumbs.isEmpty)
        case "alternates": TemplateValue(alternates)
        case "pagination": TemplateValue(pagination)
        case "header": TemplateValue(header)
        case "footer": TemplateValue(footer)
        case "home": TemplateValue(home)
        case "section": TemplateValue(section)
        case "document": TemplateValue(document)
        case "taxonomy": TemplateValue(taxonomy)
        case "term": TemplateValue(term)
        case "feedIndex": TemplateValue(feedIndex)
        case "api": TemplateValue(api)
        case "progress": TemplateValue(progress)
        case "sitemap": TemplateValue(sitemap)
        case "jsonLD": .bytes(jsonLDScripts)
        case "openGraphType": TemplateValue(openGraphType)
        case "imageURL": TemplateValue(imageURL)
        default: nil
        }
    }
}

extension SiteView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "title": TemplateValue(title)
        case "description": TemplateValue(description)
        case "publisher": TemplateValue(publisher)
        case "basePath": TemplateValue(basePath)
        case "language": TemplateValue(language)
        case "connectSources": TemplateValue(connectSources)
        case "searchSites": TemplateValue(searchSites)
        case "hasSearchSites": TemplateValue(!searchSites.isEmpty)
        default: nil
        }
    }
}

extension NavItemView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "label": TemplateValue(label)
        case "url": TemplateValue(url)
        case "current": TemplateValue(current)
        default: nil
        }
    }
}

extension LinkView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "label": TemplateValue(label)
        case "url": TemplateValue(url)
        default: nil
        }
    }
}

extension AlternateLinkView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "type": TemplateValue(type)
        case "url": TemplateValue(url)
        case "title": TemplateValue(title)
        default: nil
        }
    }
}

extension PaginationView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "current": TemplateValue(current)
        case "total": TemplateValue(total)
        case "previousURL": TemplateValue(previousURL)
        case "nextURL": TemplateValue(nextURL)
        case "items": TemplateValue(items)
        default: nil
        }
    }
}

extension PageLinkView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "number": TemplateValue(number)
        case "url": TemplateValue(url)
        case "isCurrent": TemplateValue(isCurrent)
        case "isGap": TemplateValue(number == nil)
        default: nil
        }
    }
}

extension DateView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "iso": TemplateValue(iso)
        case "japanese": TemplateValue(japanese)
        default: nil
        }
    }
}

extension DocumentSummaryView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "title": TemplateValue(title)
        case "url": TemplateValue(url)
        case "summary": TemplateValue(summary)
        case "date": TemplateValue(date)
        case "sectionTitle": TemplateValue(sectionTitle)
        case "meta": TemplateValue(meta)
        case "html": .bytes(html)
        default: nil
        }
    }
}

extension HomeView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "sections": TemplateValue(sections)
        case "browse": TemplateValue(browse)
        case "frontDoor": TemplateValue(frontDoor)
        default: nil
        }
    }
}

extension TaxonomySummaryView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "title": TemplateValue(title)
        case "url": TemplateValue(url)
        case "terms": TemplateValue(terms)
        default: nil
        }
    }
}

extension TermSummaryView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "label": TemplateValue(label)
        case "url": TemplateValue(url)
        case "count": TemplateValue(count)
        case "description": TemplateValue(description)
        default: nil
        }
    }
}

extension TaxonomyView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "description": TemplateValue(description)
        case "terms": TemplateValue(terms)
        default: nil
        }
    }
}

extension TermView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "description": TemplateValue(description)
        case "english": TemplateValue(english)
        case "lists": TemplateValue(lists)
        case "law": TemplateValue(law)
        case "provisionTable": provisions.isEmpty ? nil : TemplateValue(ProvisionTable(rows: provisions))
        default: nil
        }
    }
}

extension LawTextView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "abbreviation": TemplateValue(abbreviation)
        case "number": TemplateValue(number)
        case "egov": TemplateValue(egov)
        default: nil
        }
    }
}

/// The rows of a law's table of reviews by article, shown only when there are some.
struct ProvisionTable: TemplateContext {
    var rows: [ProvisionView]

    func templateValue(named name: String) -> TemplateValue? {
        name == "rows" ? TemplateValue(rows) : nil
    }
}

extension ProvisionView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "article": TemplateValue(article)
        case "review": TemplateValue(review)
        default: nil
        }
    }
}

extension DocumentListView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "id": TemplateValue(id)
        case "heading": TemplateValue(heading)
        case "documentsHTML": .bytes(documents.itemsHTML)
        default: nil
        }
    }
}

extension FactView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "label": TemplateValue(label)
        case "text": TemplateValue(text)
        case "links": TemplateValue(links)
        case "hasLinks": TemplateValue(!links.isEmpty)
        default: nil
        }
    }
}

extension OutcomeView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "label": TemplateValue(label)
        case "value": TemplateValue(value)
        case "period": TemplateValue(period)
        default: nil
        }
    }
}

extension ChangeView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "date": TemplateValue(date)
        case "note": TemplateValue(note)
        default: nil
        }
    }
}

extension SectionCardView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "id": TemplateValue(id)
        case "title": TemplateValue(title)
        case "description": TemplateValue(description)
        case "url": TemplateValue(url)
        case "count": TemplateValue(count)
        default: nil
        }
    }
}

extension SectionListView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "description": TemplateValue(description)
        case "count": TemplateValue(count)
        case "documentsHTML": .bytes(documents.itemsHTML)
        default: nil
        }
    }
}

extension DocumentView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "sectionTitle": TemplateValue(sectionTitle)
        case "sectionURL": TemplateValue(sectionURL)
        case "dateLabel": TemplateValue(dateLabel)
        case "date": TemplateValue(date)
        case "updated": TemplateValue(updated)
        case "summary": TemplateValue(summary)
        case "html": .bytes(html)
        case "toc": TemplateValue(toc)
        case "hasTOC": TemplateValue(toc.count >= 2)
        case "facts": TemplateValue(facts)
        case "hasFacts": TemplateValue(!facts.isEmpty)
        case "outcomes": TemplateValue(outcomes)
        case "beforeAfter": TemplateValue(beforeAfter)
        case "accessibilityResult": TemplateValue(accessibilityResult)
        case "hasOutcomes": TemplateValue(!outcomes.isEmpty)
        case "lists": TemplateValue(lists)
        case "sources": TemplateValue(sources)
        case "hasSources": TemplateValue(!sources.isEmpty)
        case "changes": TemplateValue(changes)
        case "hasChanges": TemplateValue(!changes.isEmpty)
        default: nil
        }
    }
}

extension TOCEntryView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "id": TemplateValue(id)
        case "text": TemplateValue(text)
        case "isSubsection": TemplateValue(isSubsection)
        default: nil
        }
    }
}

extension FeedIndexView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "groups": TemplateValue(groups)
        case "licenseName": TemplateValue(licenseName)
        case "licenseURL": TemplateValue(licenseURL)
        default: nil
        }
    }
}

extension FeedGroupView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "id": TemplateValue(id)
        case "heading": TemplateValue(heading)
        case "channels": TemplateValue(channels)
        default: nil
        }
    }
}

extension FeedChannelView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "title": TemplateValue(title)
        case "url": TemplateValue(url)
        case "count": TemplateValue(count)
        case "jsonURL": TemplateValue(jsonURL)
        case "atomURL": TemplateValue(atomURL)
        default: nil
        }
    }
}

extension APIIndexView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "schemaVersion": TemplateValue(schemaVersion)
        case "licenseName": TemplateValue(licenseName)
        case "licenseURL": TemplateValue(licenseURL)
        case "datasets": TemplateValue(datasets)
        case "envelope": TemplateValue(envelope)
        case "feedSchemaURL": TemplateValue(feedSchemaURL)
        case "openAPIURL": TemplateValue(openAPIURL)
        default: nil
        }
    }
}

extension DatasetView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "id": TemplateValue(id)
        case "title": TemplateValue(title)
        case "description": TemplateValue(description)
        case "count": TemplateValue(count)
        case "jsonURL": TemplateValue(jsonURL)
        case "csvURL": TemplateValue(csvURL)
        case "schemaURL": TemplateValue(schemaURL)
        case "fields": TemplateValue(fields)
        default: nil
        }
    }
}

extension FieldView: TemplateContext {
    func templateValue(named key: String) -> TemplateValue? {
        switch key {
        case "name": TemplateValue(name)
        case "type": TemplateValue(type)
        case "meaning": TemplateValue(meaning)
        case "csv": TemplateValue(csv)
        case "inFeeds": TemplateValue(inFeeds)
        default: nil
        }
    }
}
