import Foundation
import MinaoshiSupport

/// What a number format makes of a number: whether a cell shows a date, and the day an Excel
/// serial number stands for.
enum XLSXNumberFormat {
    /// Built-in formats (ECMA-376 §18.8.30) that show dates: 14–17 and 22 everywhere, and in a
    /// Japanese Excel 27–36 and 50–58 (`ggge"年"m"月"d"日"`, `yyyy"年"m"月"d"日"` and their kin).
    static let builtInDates: Set<Int> = Set(14...17).union([22]).union(27...36).union(50...58)

    /// True when the format `id` (with the workbook's own `code` for it, if any) shows a date.
    /// A custom code is a date when, outside quoted text, escapes and `[...]` sections, it has a
    /// year, day or era part (`y`, `d`, `e`, `g`), or months (`m`) with no hours or seconds beside them.
    static func isDate(id: Int, code: String?) -> Bool {
        guard let code else { return builtInDates.contains(id) }
        var plain = code.lowercased()
        plain = plain.replacing(/"[^"]*"/, with: "").replacing(/\\./, with: "").replacing(/\[[^\]]*\]/, with: "")
        plain = plain.replacing("general", with: "").replacing(/e[+-]/, with: "")
        if plain.contains(where: { "ydeg".contains($0) }) { return true }
        return plain.contains("m") && !plain.contains("h") && !plain.contains("s")
    }

    /// The day of an Excel serial number: in the 1900 system, 1 is 1900-01-01 and 60 is the
    /// 1900-02-29 that Lotus 1-2-3 invented and Excel kept, so days from 61 on are one less than a
    /// plain count; in the 1904 system (old Excel for Mac), 0 is 1904-01-01. A time of day is dropped.
    static func date(serial: Double, uses1904: Bool) -> Result<CalendarDate, ImportProblem> {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else {
            return .failure(ImportProblem(message: "the number \(text(of: serial)) is no date Excel can show"))
        }
        let day = Int(serial.rounded(.down))
        let days: Int
        if uses1904 {
            days = CalendarDate(year: 1904, month: 1, day: 1)!.daysSince1970 + day
        } else {
            if day == 0 {
                return .failure(
                    ImportProblem(message: "Excel shows the serial number 0 as 1900-01-00, which is no day"))
            }
            if day == 60 {
                return .failure(
                    ImportProblem(
                        message:
                            "the serial number 60 is 1900-02-29, which never existed (a leap-year bug Excel keeps from Lotus 1-2-3)"
                    ))
            }
            days =
                (day < 60
                ? CalendarDate(year: 1899, month: 12, day: 31)! : CalendarDate(year: 1899, month: 12, day: 30)!)
                .daysSince1970 + day
        }
        return .success(
            CalendarDate(Date(timeIntervalSince1970: Double(days) * 86_400), in: TimeZone(identifier: "UTC")!))
    }

    /// A number as Excel's General format shows it, to 15 significant digits: `12`, `0.3`, `1E+20`.
    static func text(of number: Double) -> String {
        let text = String(format: "%.15G", number)
        return text == "-0" ? "0" : text
    }
}
