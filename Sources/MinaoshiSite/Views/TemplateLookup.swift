import Mustache

// How templates read views: each view answers `child(named:)` with a switch over the names its
// templates use. swift-mustache asks a `MustacheParent` before it falls back to `Mirror`, whose
// lookups (reflect the struct, filter children by label, demangle metadata) were most of a
// build's time. Flags and counts are computed here from the data they describe.
//
// A name a view does not know answers nil, so Mustache looks it up in the enclosing views
// (`{{site.basePath}}` inside a list). A name it knows whose value is absent answers
// `TemplateValue.absent`, which stops that climb: an undated document in a list must show no
// date, not the date of the page around it.

/// Values a view hands to templates.
enum TemplateValue {
    /// Present but empty: a section skips it, an inverted section shows, a variable prints nothing.
    static var absent: Any { Absent() }

    static func optional<T>(_ value: T?) -> Any { value.map { $0 as Any } ?? Absent() }

    /// An empty struct: boxing it as `Any` allocates nothing.
    private struct Absent: MustacheCustomRepresentation {
        var representation: Any? { nil }
    }
}

extension PageView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "site": site
        case "title": title
        case "documentTitle": documentTitle
        case "description": description
        case "canonicalURL": canonicalURL
        case "nav": nav
        case "breadcrumbs": breadcrumbs
        case "hasBreadcrumbs": !breadcrumbs.isEmpty
        case "alternates": alternates
        case "pagination": TemplateValue.optional(pagination)
        case "header": header
        case "footer": footer
        case "home": TemplateValue.optional(home)
        case "section": TemplateValue.optional(section)
        case "document": TemplateValue.optional(document)
        case "taxonomy": TemplateValue.optional(taxonomy)
        case "term": TemplateValue.optional(term)
        case "feedIndex": TemplateValue.optional(feedIndex)
        case "api": TemplateValue.optional(api)
        default: nil
        }
    }
}

extension SiteView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "description": description
        case "publisher": publisher
        case "basePath": basePath
        case "language": language
        default: nil
        }
    }
}

extension NavItemView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "url": url
        case "current": TemplateValue.optional(current)
        default: nil
        }
    }
}

extension LinkView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "url": url
        default: nil
        }
    }
}

extension AlternateLinkView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "type": type
        case "url": url
        case "title": title
        default: nil
        }
    }
}

extension PaginationView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "current": current
        case "total": total
        case "previousURL": TemplateValue.optional(previousURL)
        case "nextURL": TemplateValue.optional(nextURL)
        case "items": items
        default: nil
        }
    }
}

extension PageLinkView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "number": TemplateValue.optional(number)
        case "url": TemplateValue.optional(url)
        case "isCurrent": isCurrent
        case "isGap": number == nil
        default: nil
        }
    }
}

extension DateView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "iso": iso
        case "japanese": japanese
        default: nil
        }
    }
}

extension DocumentSummaryView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "url": url
        case "summary": summary
        case "date": TemplateValue.optional(date)
        case "sectionTitle": sectionTitle
        case "meta": TemplateValue.optional(meta)
        case "html": html
        default: nil
        }
    }
}

extension HomeView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "sections": sections
        case "browse": browse
        default: nil
        }
    }
}

extension TaxonomySummaryView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "url": url
        case "terms": terms
        default: nil
        }
    }
}

extension TermSummaryView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "url": TemplateValue.optional(url)
        case "count": count
        case "description": TemplateValue.optional(description)
        default: nil
        }
    }
}

extension TaxonomyView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "description": description
        case "terms": terms
        default: nil
        }
    }
}

extension TermView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "description": description
        case "english": english
        case "lists": lists
        default: nil
        }
    }
}

extension DocumentListView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "heading": heading
        case "documents": documents
        default: nil
        }
    }
}

extension FactView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "text": TemplateValue.optional(text)
        case "links": links
        case "hasLinks": !links.isEmpty
        default: nil
        }
    }
}

extension OutcomeView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "value": value
        case "period": TemplateValue.optional(period)
        default: nil
        }
    }
}

extension ChangeView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "date": date
        case "note": note
        default: nil
        }
    }
}

extension SectionCardView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "title": title
        case "description": description
        case "url": url
        case "count": count
        case "recent": recent
        default: nil
        }
    }
}

extension SectionListView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "description": description
        case "count": count
        case "documents": documents
        default: nil
        }
    }
}

extension DocumentView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "sectionTitle": sectionTitle
        case "sectionURL": sectionURL
        case "dateLabel": dateLabel
        case "date": TemplateValue.optional(date)
        case "updated": TemplateValue.optional(updated)
        case "summary": summary
        case "html": html
        case "toc": toc
        case "hasTOC": toc.count >= 2
        case "sourcePath": sourcePath
        case "facts": facts
        case "hasFacts": !facts.isEmpty
        case "outcomes": outcomes
        case "hasOutcomes": !outcomes.isEmpty
        case "lists": lists
        case "sources": sources
        case "hasSources": !sources.isEmpty
        case "changes": changes
        case "hasChanges": !changes.isEmpty
        default: nil
        }
    }
}

extension TOCEntryView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "text": text
        case "level": level
        case "isSubsection": isSubsection
        default: nil
        }
    }
}

extension FeedIndexView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "groups": groups
        case "licenseName": licenseName
        case "licenseURL": licenseURL
        default: nil
        }
    }
}

extension FeedGroupView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "heading": heading
        case "channels": channels
        default: nil
        }
    }
}

extension FeedChannelView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "url": url
        case "count": count
        case "jsonURL": jsonURL
        case "atomURL": atomURL
        default: nil
        }
    }
}

extension APIIndexView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "schemaVersion": schemaVersion
        case "licenseName": licenseName
        case "licenseURL": licenseURL
        case "datasets": datasets
        case "envelope": envelope
        case "feedSchemaURL": feedSchemaURL
        default: nil
        }
    }
}

extension DatasetView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "title": title
        case "description": description
        case "count": count
        case "jsonURL": jsonURL
        case "csvURL": TemplateValue.optional(csvURL)
        case "schemaURL": schemaURL
        case "fields": fields
        default: nil
        }
    }
}

extension FieldView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "type": type
        case "meaning": meaning
        case "csv": csv
        case "inFeeds": inFeeds
        default: nil
        }
    }
}
