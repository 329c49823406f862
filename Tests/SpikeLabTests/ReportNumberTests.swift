import SpikeLab
import Testing

/// The reports' number formatting: deterministic, signed, and total over every Double.
struct ReportNumberTests {
    @Test("rounded keeps the sign and pads the decimals", arguments: [
        (-22.06, 1, "-22.1"), (-0.5, 1, "-0.5"), (-0.04, 1, "0.0"), (0.05, 2, "0.05"), (12.3456, 3, "12.346"),
        (1234567.25, 1, "1234567.3"), (999_999_999_999.5, 3, "999999999999.500"), (-1e12, 1, "-1000000000000.0"),
    ] as [(Double, Int, String)])
    func rounded(_ x: Double, _ places: Int, _ text: String) {
        #expect(ReportNumber.rounded(x, places) == text)
    }

    @Test("From 10^12, or not finite, a number is written in Swift's shortest form rather than trapping")
    func extremes() {
        #expect(ReportNumber.rounded(1e308, 3) == "1e+308")
        #expect(ReportNumber.rounded(-1e308, 1) == "-1e+308")
        #expect(ReportNumber.rounded(.infinity, 2) == "inf")
        #expect(ReportNumber.rounded(.nan, 2) == "nan")
        #expect(ReportNumber.fixed3(1e30) == "1e+30")
        #expect(ReportNumber.fixed3(1e12) == "1000000000000.0")
        #expect(ReportNumber.fixed3(.nan) == "nan")
        #expect(ReportNumber.fixed3(-3) == "0.000")
        #expect(ReportNumber.fixed3(2.5) == "2.500")
    }
}
