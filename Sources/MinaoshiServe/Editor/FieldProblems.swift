/// What the check says of a form, by field, in Japanese: errors, which stop a save as they fail a
/// build, and warnings, which do not. The form shows each in its own style, so that an official
/// can tell what must be fixed from what is only worth a look.
struct FieldProblems: Sendable, Equatable {
    var errors: [String: [String]] = [:]
    var warnings: [String: [String]] = [:]
}
