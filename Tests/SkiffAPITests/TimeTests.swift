import Testing
import Foundation
@testable import SkiffAPI

@Suite("KubeTime and MicroTime")
struct TimeTests {
    @Test(arguments: [
        ("2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z", Int64(1_767_323_045)),
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z", 0),
        ("2026-01-02T05:04:05+02:00", "2026-01-02T03:04:05Z", 1_767_323_045),
        ("2026-01-01T22:04:05-05:00", "2026-01-02T03:04:05Z", 1_767_323_045),
        ("2026-01-02T03:04:05.999999999Z", "2026-01-02T03:04:05Z", 1_767_323_045),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z", -1),
        ("2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z", 951_825_600),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z", -62_135_596_800),
        ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z", 253_402_300_799),
        ("2024-03-10T00:30:00+23:59", "2024-03-09T00:31:00Z", 1_709_944_260),
    ])
    func kubeTime(input: String, canonical: String, seconds: Int64) throws {
        let time = try KubeTime(parsing: input)
        #expect(time.secondsSinceEpoch == seconds)
        #expect(time.description == canonical)
        #expect(try KubeTime(parsing: canonical) == time)
    }

    @Test(arguments: [
        ("2026-01-02T03:04:05.123456Z", "2026-01-02T03:04:05.123456Z"),
        ("2026-01-02T03:04:05.000000Z", "2026-01-02T03:04:05.000000Z"),
        ("2026-01-02T03:04:05Z", "2026-01-02T03:04:05.000000Z"),
        ("2026-01-02T03:04:05.5Z", "2026-01-02T03:04:05.500000Z"),
        ("2026-01-02T03:04:05.1234567Z", "2026-01-02T03:04:05.123456Z"),
        ("2026-01-02T05:04:05.000001+02:00", "2026-01-02T03:04:05.000001Z"),
        ("1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z"),
    ])
    func microTime(input: String, canonical: String) throws {
        let time = try MicroTime(parsing: input)
        #expect(time.description == canonical)
        #expect(try MicroTime(parsing: canonical) == time)
    }

    @Test(arguments: [
        "", "2026-01-02", "2026-01-02T03:04:05", "2026-01-02 03:04:05Z", "2026-01-02t03:04:05Z",
        "2026-01-02T03:04:05z", "2026-13-02T03:04:05Z", "2026-02-29T03:04:05Z", "2026-04-31T00:00:00Z",
        "2026-01-02T24:00:00Z", "2026-01-02T03:60:05Z", "2026-01-02T03:04:60Z", "2026-01-02T03:04:05+2:00",
        "2026-01-02T03:04:05+24:00", "2026-01-02T03:04:05+02:60", "2026-01-02T03:04:05+0200", "2026-01-02T03:04:05.Z",
        "26-01-02T03:04:05Z", "2026-1-02T03:04:05Z", "+2026-01-02T03:04:05Z", "2026-01-02T03:04:05Zjunk",
        "2026-01-02T03:04:05 Z", "２026-01-02T03:04:05Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z",
    ])
    func rejects(input: String) {
        #expect(throws: TimeParseError(text: input)) { try KubeTime(parsing: input) }
        #expect(throws: TimeParseError(text: input)) { try MicroTime(parsing: input) }
    }

    @Test func errorMessage() {
        #expect(TimeParseError(text: "x").description
                == #"parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse as RFC 3339"#)
    }

    @Test func ordering() throws {
        let early = try KubeTime(parsing: "2026-01-02T03:04:05+01:00")
        let late = try KubeTime(parsing: "2026-01-02T03:04:05Z")
        #expect(early < late)
        let a = try MicroTime(parsing: "2026-01-02T03:04:05.000001Z")
        let b = try MicroTime(parsing: "2026-01-02T03:04:05.000002Z")
        #expect(a < b)
        #expect([b, a].sorted() == [a, b])
        #expect(b.kubeTime == late)
    }

    @Test func dates() throws {
        let date = Date(timeIntervalSince1970: 1_767_323_045.75)
        #expect(KubeTime(date).description == "2026-01-02T03:04:05Z")
        #expect(MicroTime(date).description == "2026-01-02T03:04:05.750000Z")
        #expect(KubeTime(Date(timeIntervalSince1970: -0.5)).description == "1969-12-31T23:59:59Z")
        #expect(KubeTime(secondsSinceEpoch: 10).date == Date(timeIntervalSince1970: 10))
        #expect(MicroTime(KubeTime(secondsSinceEpoch: 2)).microsecondsSinceEpoch == 2_000_000)
    }

    @Test func codable() throws {
        struct Lease: Codable, Equatable {
            var acquireTime: MicroTime
            var creationTimestamp: KubeTime
        }
        let json = #"{"acquireTime":"2026-01-02T03:04:05.123456Z","creationTimestamp":"2026-01-02T04:04:05+01:00"}"#
        let lease = try JSONDecoder().decode(Lease.self, from: Data(json.utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(lease), as: UTF8.self)
                == #"{"acquireTime":"2026-01-02T03:04:05.123456Z","creationTimestamp":"2026-01-02T03:04:05Z"}"#)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(KubeTime.self, from: Data(#""yesterday""#.utf8)) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(KubeTime.self, from: Data("1767323045".utf8)) }
    }

    @Test func calendarRoundTripsEveryDayForCenturies() {
        // days_from_civil and civil_from_days agree, day by day, from 1600 to 2400.
        var days = RFC3339.daysSinceEpoch(year: 1600, month: 1, day: 1)
        for year in 1600...2400 {
            for month in 1...12 {
                for day in 1...RFC3339.daysInMonth(month, year: year) {
                    if RFC3339.daysSinceEpoch(year: year, month: month, day: day) != days {
                        Issue.record("day count of \(year)-\(month)-\(day) is off")
                        return
                    }
                    let civil = RFC3339.civilDate(daysSinceEpoch: days)
                    if civil.year != year || civil.month != month || civil.day != day {
                        Issue.record("civil date of \(days) is \(civil), expected \(year)-\(month)-\(day)")
                        return
                    }
                    days += 1
                }
            }
        }
    }
}
