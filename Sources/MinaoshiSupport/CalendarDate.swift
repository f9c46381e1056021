import Foundation

/// A day in the calendar, with no time and no time zone: what `date: 2022-01-18` means in
/// front matter. It is turned into an instant only where a format needs one (feeds), in the
/// site's time zone.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), Self.isValid(year: year, month: month, day: day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Whether the day exists. From 1583, the first whole year of the Gregorian calendar, that is
    /// the leap-year rule; before it Foundation decides, whose calendar is Julian until 1582-10-04.
    /// (Asking Foundation for every date of a load cost more than reading the date.)
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard year >= 1583 else {
            var components = DateComponents(year: year, month: month, day: day)
            components.calendar = gregorian
            return components.isValidDate
        }
        guard (1...12).contains(month), day >= 1 else { return false }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = month == 2 ? (isLeap ? 29 : 28) : ([4, 6, 9, 11].contains(month) ? 30 : 31)
        return day <= days
    }

    /// Parses exactly `YYYY-MM-DD` (ASCII digits) and rejects impossible days such as `2023-02-30`.
    public init?(iso8601 text: String) {
        let utf8 = text.utf8
        guard utf8.count == 10 else { return nil }
        var fields = (0, 0, 0)
        var ok = true
        for (offset, byte) in utf8.enumerated() {
            switch offset {
            case 4, 7: ok = ok && byte == UInt8(ascii: "-")
            default:
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                if offset < 4 {
                    fields.0 = fields.0 * 10 + digit
                } else if offset < 7 {
                    fields.1 = fields.1 * 10 + digit
                } else {
                    fields.2 = fields.2 * 10 + digit
                }
            }
        }
        guard ok else { return nil }
        self.init(year: fields.0, month: fields.1, day: fields.2)
    }

    /// Days from 1970-01-01 to this day in the proleptic Gregorian calendar (negative before it).
    /// Foundation's calendar agrees from 1583; before that it counts Julian days.
    public var daysSince1970: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day of `date` in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        var calendar = Self.gregorian
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.year = parts.year!
        self.month = parts.month!
        self.day = parts.day!
    }

    /// `2022-01-18`, for data files, sitemaps and `<time datetime>`.
    public var iso8601: String {
        // Ten ASCII digits and dashes written into one buffer: pages, feeds and data print a date
        // for every document (not String(format:), which goes through Foundation's formatter).
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            func padded(_ value: Int, _ width: Int) -> String {
                let digits = String(value)
                return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
            }
            return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
        }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, _ width: Int, at start: Int) {
                var value = value
                for offset in stride(from: start + width - 1, through: start, by: -1) {
                    buffer[offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(month, 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(day, 2, at: 8)
            return 10
        }
    }

    /// `2022年1月18日`, for pages.
    public var japanese: String { "\(year)年\(month)月\(day)日" }

    public var description: String { iso8601 }

    /// Midnight at the start of this day in `timeZone`.
    public func startOfDay(in timeZone: TimeZone) -> Date {
        var calendar = Self.gregorian
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(iso8601: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }

    private static let gregorian = Calendar(identifier: .gregorian)
}
