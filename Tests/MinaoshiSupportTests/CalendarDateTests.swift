import Foundation
import Testing

@testable import MinaoshiSupport

@Suite struct CalendarDateTests {
    /// The leap-year arithmetic must answer as Foundation's Gregorian calendar does, which it
    /// replaced from 1583 on: every month and day around the edges, in ordinary, leap and
    /// century years.
    @Test(arguments: [1583, 1600, 1700, 1800, 1900, 1999, 2000, 2023, 2024, 2025, 2026, 2100, 2400, 9996, 9999])
    func validDaysMatchFoundation(_ year: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for month in -1...14 {
            for day in -1...33 {
                var components = DateComponents(year: year, month: month, day: day)
                components.calendar = calendar
                #expect(
                    CalendarDate.isValid(year: year, month: month, day: day) == components.isValidDate,
                    "\(year)-\(month)-\(day)")
            }
        }
    }

    @Test func parsesOnlyRealDays() {
        #expect(CalendarDate(iso8601: "2024-02-29") == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(CalendarDate(iso8601: "2023-02-29") == nil)
        #expect(CalendarDate(iso8601: "2100-02-29") == nil)
        #expect(CalendarDate(iso8601: "2000-02-29") != nil)
        #expect(CalendarDate(iso8601: "2024-04-31") == nil)
        #expect(CalendarDate(iso8601: "2024-13-01") == nil)
        #expect(CalendarDate(iso8601: "２０２４-01-01") == nil)
        for malformed in [
            "2024-1-01", "2024/01/01", "2024-01-011", "20240-1-01", "2024-01-0a", "+024-01-01", "0000-01-01", ""
        ] {
            #expect(CalendarDate(iso8601: malformed) == nil, "\(malformed)")
        }
        #expect(CalendarDate(iso8601: "0001-01-01") == CalendarDate(year: 1, month: 1, day: 1))
        // Before 1583 Foundation's calendar still decides: 1500 was a Julian leap year.
        #expect(CalendarDate(year: 1500, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 1582, month: 10, day: 10) == nil)
    }

    /// The day count feeds use instead of asking the calendar, against the calendar itself.
    @Test func daysSince1970MatchFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for year in [1583, 1600, 1899, 1900, 1969, 1970, 1971, 2000, 2024, 2100, 9999] {
            for (month, day) in [(1, 1), (2, 28), (3, 1), (12, 31)] {
                let date = CalendarDate(year: year, month: month, day: day)!
                let midnight = calendar.date(from: DateComponents(year: year, month: month, day: day))!
                #expect(Double(date.daysSince1970) * 86_400 == midnight.timeIntervalSince1970, "\(date)")
            }
        }
    }

    @Test func iso8601IsZeroPaddedYearMonthDay() {
        #expect(CalendarDate(year: 2026, month: 11, day: 30)!.iso8601 == "2026-11-30")
        #expect(CalendarDate(year: 7, month: 1, day: 2)!.iso8601 == "0007-01-02")
        #expect(CalendarDate(year: 1999, month: 12, day: 31)!.iso8601 == "1999-12-31")
        var date = CalendarDate(year: 2026, month: 1, day: 1)!
        date.year = 12_345
        #expect(date.iso8601 == "12345-01-01")
        #expect(
            CalendarDate(iso8601: CalendarDate(year: 2024, month: 2, day: 29)!.iso8601)
                == CalendarDate(year: 2024, month: 2, day: 29))
    }
}
