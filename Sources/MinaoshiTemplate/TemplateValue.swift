/// What a view hands a template for a name. Views answer with a switch over the names their
/// templates use (`TemplateContext.templateValue(named:)`), so a lookup costs a string switch:
/// no reflection and no dynamic cast.
public enum TemplateValue {
    /// The view knows the name but has nothing for it: a variable prints nothing, a section is
    /// skipped, an inverted section shows. Unlike an unknown name (`nil`), it stops the climb to
    /// enclosing views: an undated document in a list shows no date, not the page's.
    case absent
    case bool(Bool)
    /// Printed HTML-escaped by `{{name}}`, as it is by `{{{name}}}`.
    case text(String)
    /// UTF-8 bytes printed as `text` is: HTML made already (a rendered body), kept as bytes so
    /// that no `String` is made of it (making one validates every byte).
    case bytes([UInt8])
    case number(Int)
    /// A view: a section renders once with it on top of the context stack.
    case context(any TemplateContext)
    /// Values (views, text, lists, …): a section renders once per element, with the element on
    /// top of the stack; an empty list is skipped.
    case list(any TemplateSequence)

    /// Whether a section renders (`{{#name}}`); an inverted section renders when it does not.
    /// Matches Mustache: false, absent and empty lists are false; text (even empty) and numbers are true.
    var isTruthy: Bool {
        switch self {
        case .absent: false
        case .bool(let value): value
        case .list(let list): list.count > 0
        case .text, .bytes, .number, .context: true
        }
    }
}

/// A view that templates read: it answers each name its templates use, and nil for the rest,
/// which Mustache then looks up in the enclosing views.
public protocol TemplateContext: TemplateValueConvertible {
    func templateValue(named name: String) -> TemplateValue?
}

extension TemplateContext {
    public var templateValue: TemplateValue { .context(self) }
}

/// The elements a list section renders, one after the other.
public protocol TemplateSequence {
    var count: Int { get }
    func element(at index: Int) -> TemplateValue
}

extension Array: TemplateSequence where Element: TemplateContext {
    public func element(at index: Int) -> TemplateValue { .context(self[index]) }
}

/// A list of any values, such as text: `{{#list}}{{.}}{{/list}}` prints each.
public struct TemplateValueList: TemplateSequence {
    public var values: [TemplateValue]

    public init(_ values: [TemplateValue]) { self.values = values }

    public var count: Int { values.count }
    public func element(at index: Int) -> TemplateValue { values[index] }
}

/// Types a view can answer with directly: `case "title": title` becomes `TemplateValue(title)`.
public protocol TemplateValueConvertible {
    var templateValue: TemplateValue { get }
}

extension TemplateValue: TemplateValueConvertible {
    public var templateValue: TemplateValue { self }
    public init(_ value: some TemplateValueConvertible) { self = value.templateValue }
}

extension String: TemplateValueConvertible {
    public var templateValue: TemplateValue { .text(self) }
}

extension Bool: TemplateValueConvertible {
    public var templateValue: TemplateValue { .bool(self) }
}

extension Int: TemplateValueConvertible {
    public var templateValue: TemplateValue { .number(self) }
}

extension Array: TemplateValueConvertible where Element: TemplateContext {
    public var templateValue: TemplateValue { .list(self) }
}

extension Optional: TemplateValueConvertible where Wrapped: TemplateValueConvertible {
    /// nil is `absent`: the view knows the name, and the climb stops here.
    public var templateValue: TemplateValue { self?.templateValue ?? .absent }
}
