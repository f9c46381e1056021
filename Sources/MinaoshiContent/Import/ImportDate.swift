import Foundation
import MinaoshiSupport

/// Why a value or an option could not be read, as one message.
public struct ImportProblem: Error, Sendable, Equatable {
    /// What is wrong, or what to write instead.
    public var message: String

    /// A problem described by `message`.
    public init(message: String) { self.message = message }
}

/// Reads the dates people type into spreadsheets: `2022-01-18`, `2022/1/18`, `2022.1.18`,
/// `2022年1月18日`, and Japanese era dates `令和4年1月18日`, `平成31年4月30日`, `令和元年5月1日`,
/// `R4.1.18`. Full-width digits are accepted. A day outside its era (`令和1年4月1日`) is rejected.
public enum ImportDate {
    /// A Japanese era: its name, its Latin initial and its first and last days.
    struct Era {
        var name: String
        var initial: Character
        var first: CalendarDate
        var last: CalendarDate?
    }

    static let eras = [
        Era(name: "令和", initial: "R", first: CalendarDate(year: 2019, month: 5, day: 1)!, last: nil),
        Era(
            name: "平成", initial: "H", first: CalendarDate(year: 1989, month: 1, day: 8)!,
            last: CalendarDate(year: 2019, month: 4, day: 30)!),
        Era(
            name: "昭和", initial: "S", first: CalendarDate(year: 1926, month: 12, day: 25)!,
            last: CalendarDate(year: 1989, month: 1, day: 7)!)
    ]

    /// `令和6年6月28日` (`令和元年5月1日` in an era's first year): `date` in the era it falls in,
    /// read from the same table as `parse`; nil before 昭和.
    public static func eraReading(of date: CalendarDate) -> String? {
        guard let era = eras.first(where: { date >= $0.first }) else { return nil }
        let year = date.year - era.first.year + 1
        return "\(era.name)\(year == 1 ? "元" : String(year))年\(date.month)月\(date.day)日"
    }

    /// The day `text` names, or why it names none, as advice for the hint of a diagnostic.
    public static func parse(_ text: String) -> Result<CalendarDate, ImportProblem> {
        let text = text.nfkc.trimmingCharacters(in: .whitespaces).uppercased()
        let notADate = ImportProblem(message: "write it as 2022-01-18, 2022/1/18 or 令和4年1月18日")
        let noSuchDay = ImportProblem(message: "there is no such day in the calendar")
        if let (year, month, day) = gregorian(text) {
            guard let date = CalendarDate(year: year, month: month, day: day) else {
                return .failure(noSuchDay)
            }
            return .success(date)
        }
        guard let (eraName, eraYear, month, day) = japanese(text),
            let era = eras.first(where: { $0.name == eraName || String($0.initial) == eraName })
        else {
            return .failure(notADate)
        }
        guard eraYear >= 1, let date = CalendarDate(year: era.first.year + eraYear - 1, month: month, day: day) else {
            return .failure(noSuchDay)
        }
        if date < era.first || era.last.map({ date > $0 }) == true {
            let span =
                era.last.map { "ran from \(era.first.iso8601) to \($0.iso8601)" } ?? "began on \(era.first.iso8601)"
            return .failure(ImportProblem(message: "\(era.name) \(span)"))
        }
        return .success(date)
    }

    /// Year, month and day of `2022-01-18`, `2022/1/18`, `2022.1.18` or `2022年1月18日`.
    private static func gregorian(_ text: String) -> (Int, Int, Int)? {
        let match = text.wholeMatch(of: /([0-9]{4})[-\/.]([0-9]{1,2})[-\/.]([0-9]{1,2})/)
        let kanji = text.wholeMatch(of: /([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日/)
        guard let parts = match?.output ?? kanji?.output,
            let year = Int(parts.1), let month = Int(parts.2), let day = Int(parts.3)
        else { return nil }
        return (year, month, day)
    }

    /// Era (name or initial), year of the era, month and day of `令和4年1月18日`, `令和元年…` or `R4.1.18`.
    private static func japanese(_ text: String) -> (String, Int, Int, Int)? {
        let kanji = text.wholeMatch(of: /(令和|平成|昭和)([0-9]{1,2}|元)年([0-9]{1,2})月([0-9]{1,2})日/)
        let initial = text.wholeMatch(of: /([RHS])([0-9]{1,2})[.\/]([0-9]{1,2})[.\/]([0-9]{1,2})/)
        guard let parts = kanji?.output ?? initial?.output,
            let year = parts.2 == "元" ? 1 : Int(parts.2), let month = Int(parts.3), let day = Int(parts.4)
        else { return nil }
        return (String(parts.1), year, month, day)
    }
}
