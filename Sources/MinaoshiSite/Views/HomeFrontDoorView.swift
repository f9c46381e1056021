import MinaoshiTemplate

/// What the home page answers besides its lists: "what can we do now". The ways in by what a
/// reader has to do (each category with its count and the technologies that replaced it), the
/// latest changes with their notes, and the dashboard's headline figures.
struct FrontDoorView {
    var tasks: [TaskWayView]
    var changes: [LatestChangeView]
    var regulationCount: Int
    var caseCount: Int
    /// The national figures of `progress.yml`, each with its date and source.
    var figures: [NationalFigureView]
    var progressURL: String
}

/// A category as a way in: 目視 (12件), replaced by drones, cameras, ….
struct TaskWayView {
    var label: String
    var url: String
    var count: Int
    var description: String?
    var technologies: [TermSummaryView]
}

/// A document on the list of latest changes: its change note when the change is one, else new.
struct LatestChangeView {
    var title: String
    var url: String
    var sectionTitle: String
    var date: DateView?
    var note: String?
}

extension FrontDoorView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "tasks": TemplateValue(tasks)
        case "changes": TemplateValue(changes)
        case "regulationCount": TemplateValue(regulationCount)
        case "caseCount": TemplateValue(caseCount)
        case "figures": TemplateValue(figures)
        case "progressURL": TemplateValue(progressURL)
        default: nil
        }
    }
}

extension TaskWayView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "label": TemplateValue(label)
        case "url": TemplateValue(url)
        case "count": TemplateValue(count)
        case "description": TemplateValue(description)
        case "technologies": TemplateValue(technologies)
        case "hasTechnologies": TemplateValue(!technologies.isEmpty)
        default: nil
        }
    }
}

extension LatestChangeView: TemplateContext {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "title": TemplateValue(title)
        case "url": TemplateValue(url)
        case "sectionTitle": TemplateValue(sectionTitle)
        case "date": TemplateValue(date)
        case "note": TemplateValue(note)
        default: nil
        }
    }
}
