import Foundation

/// A time-series chart as inline SVG: axes with ticks and units, a legend,
/// shaded spike phases, and lines thinned by `Downsampler` above `maxPoints`.
/// A point whose y is NaN (an interval with no samples) breaks the line. With
/// nothing to draw it says so instead of drawing an empty box.
struct LineChart {
    struct Series {
        var name: String
        var color: String
        var points: [(x: Double, y: Double)]
        var dashed = false
    }

    struct Band {
        var start: Double
        var end: Double
        var label: String
    }

    var id: String
    var title: String
    var caption: String
    var yLabel: String
    var series: [Series]
    var bands: [Band] = []
    var emptyMessage: String
    /// A log y axis, for latencies that span several orders of magnitude.
    var logarithmic = false
    /// What x is: time since the start (the default), or a setting's values.
    var xAxis = XAxis.time
    /// Dots on the points, each titled with its values (for short series).
    var markers = false
    /// Vertical lines to mark, such as a sweep's knee.
    var verticals: [(x: Double, label: String)] = []

    enum XAxis {
        case time
        /// Ticks at the values themselves; a log scale when they span a decade or more.
        case values(label: String)
    }
    var width = 1100.0
    var height = 300.0
    var maxPoints = 2000

    static let margin = (left: 72.0, right: 24.0, top: 34.0, bottom: 48.0)

    var isEmpty: Bool { series.allSatisfy { s in s.points.allSatisfy { $0.y == 0 || $0.y.isNaN } } }

    func render() -> String {
        var out = "<figure class=\"chart\" id=\"\(id)\">\n<h3>\(HTMLText.escape(title))</h3>\n"
        if isEmpty {
            out += "<p class=\"empty\">\(HTMLText.escape(emptyMessage))</p>\n"
        } else {
            out += svg()
        }
        out += "<figcaption>\(HTMLText.escape(caption))</figcaption>\n</figure>\n"
        return out
    }

    private func svg() -> String {
        let m = Self.margin
        let xs = series.flatMap { $0.points.map(\.x) }
        let x0 = xs.min() ?? 0
        let x1 = max(xs.max() ?? 1, x0 + 1)
        let ys = series.flatMap { $0.points.map(\.y) }.filter { !$0.isNaN }
        let yMax = ys.max() ?? 1
        let distinctX = Array(Set(xs)).sorted()
        let xLog: Bool = { if case .values = xAxis, let lo = distinctX.first, lo > 0, let hi = distinctX.last, hi / lo >= 10 { return true }; return false }()
        let x = SVGScale(lower: x0, upper: x1, from: m.left, to: width - m.right, logarithmic: xLog)
        let yTicks: [Double]
        let y: SVGScale
        if logarithmic {
            let positive = ys.filter { $0 > 0 }
            let low = Foundation.pow(10, Foundation.floor(Foundation.log10(positive.min() ?? 1)))
            let high = Foundation.pow(10, Foundation.ceil(Foundation.log10(max(positive.max() ?? 10, low * 10))))
            yTicks = stride(from: Foundation.log10(low), through: Foundation.log10(high) + 0.5, by: 1).map { Foundation.pow(10, $0) }
            y = SVGScale(lower: low, upper: high, from: height - m.bottom, to: m.top, logarithmic: true)
        } else {
            let (ticks, top) = SVGScale.ticks(upTo: max(yMax, 1e-9))
            yTicks = ticks
            y = SVGScale(lower: 0, upper: top, from: height - m.bottom, to: m.top)
        }
        var s = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\">\n"
        // Spike phases.
        for band in bands where band.end > x0 && band.start < x1 {
            let a = x.position(max(band.start, x0))
            let b = x.position(min(band.end, x1))
            s += "<rect class=\"band\" x=\"\(HTMLText.px(a))\" y=\"\(HTMLText.px(m.top))\" width=\"\(HTMLText.px(max(b - a, 1)))\" height=\"\(HTMLText.px(height - m.top - m.bottom))\"><title>\(HTMLText.escape(band.label)): \(SVGScale.timeLabel(band.start))–\(SVGScale.timeLabel(band.end))</title></rect>\n"
            if b - a > 28 {
                s += "<text class=\"band-label\" x=\"\(HTMLText.px((a + b) / 2))\" y=\"\(HTMLText.px(m.top + 12))\" text-anchor=\"middle\">\(HTMLText.escape(band.label))</text>\n"
            }
        }
        // Grid and y axis.
        for t in yTicks {
            let py = y.position(t)
            s += "<line class=\"grid\" x1=\"\(HTMLText.px(m.left))\" x2=\"\(HTMLText.px(width - m.right))\" y1=\"\(HTMLText.px(py))\" y2=\"\(HTMLText.px(py))\"/>"
            s += "<text class=\"tick\" x=\"\(HTMLText.px(m.left - 6))\" y=\"\(HTMLText.px(py + 4))\" text-anchor=\"end\">\(SVGScale.label(t))</text>\n"
        }
        // x axis.
        s += "<line class=\"axis\" x1=\"\(HTMLText.px(m.left))\" x2=\"\(HTMLText.px(width - m.right))\" y1=\"\(HTMLText.px(height - m.bottom))\" y2=\"\(HTMLText.px(height - m.bottom))\"/>\n"
        let xTicks: [(Double, String)]
        let xTitle: String
        switch xAxis {
        case .time:
            xTicks = SVGScale.timeTicks(x0, x1).map { ($0, SVGScale.timeLabel($0)) }
            xTitle = "time since start"
        case let .values(label):
            xTicks = distinctX.map { ($0, SVGScale.label($0)) }
            xTitle = label + (xLog ? " (log scale)" : "")
        }
        for (t, label) in xTicks {
            let px = x.position(t)
            s += "<line class=\"axis\" x1=\"\(HTMLText.px(px))\" x2=\"\(HTMLText.px(px))\" y1=\"\(HTMLText.px(height - m.bottom))\" y2=\"\(HTMLText.px(height - m.bottom + 5))\"/>"
            s += "<text class=\"tick\" x=\"\(HTMLText.px(px))\" y=\"\(HTMLText.px(height - m.bottom + 18))\" text-anchor=\"middle\">\(label)</text>\n"
        }
        s += "<text class=\"axis-title\" x=\"\(HTMLText.px((m.left + width - m.right) / 2))\" y=\"\(HTMLText.px(height - 6))\" text-anchor=\"middle\">\(HTMLText.escape(xTitle))</text>\n"
        for v in verticals {
            let px = x.position(v.x)
            s += "<line class=\"knee\" x1=\"\(HTMLText.px(px))\" x2=\"\(HTMLText.px(px))\" y1=\"\(HTMLText.px(m.top))\" y2=\"\(HTMLText.px(height - m.bottom))\" stroke-dasharray=\"4 3\"/>"
            s += "<text class=\"knee-label\" x=\"\(HTMLText.px(px + 4))\" y=\"\(HTMLText.px(m.top + 12))\">\(HTMLText.escape(v.label))</text>\n"
        }
        s += "<text class=\"axis-title\" transform=\"translate(16 \(HTMLText.px((m.top + height - m.bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTMLText.escape(yLabel))</text>\n"
        // Lines.
        for series in self.series where !series.points.isEmpty {
            // Runs of drawable points, split at gaps.
            var runs: [[(x: Double, y: Double)]] = [[]]
            for p in series.points {
                if p.y.isNaN || (logarithmic && p.y <= 0) {
                    if !(runs.last?.isEmpty ?? true) { runs.append([]) }
                } else {
                    runs[runs.count - 1].append(p)
                }
            }
            let budget = max(4, maxPoints * max(1, runs.count) / max(1, series.points.count))
            for run in runs where !run.isEmpty {
                let points = Downsampler.minMax(run, limit: max(budget, maxPoints * run.count / max(1, series.points.count)))
                let path = points.map { "\(HTMLText.px(x.position($0.x))),\(HTMLText.px(y.position($0.y)))" }.joined(separator: " ")
                s += "<polyline class=\"line\" fill=\"none\" stroke=\"\(series.color)\"\(series.dashed ? " stroke-dasharray=\"5 3\"" : "") points=\"\(path)\"><title>\(HTMLText.escape(series.name))</title></polyline>\n"
                if markers {
                    for p in run {
                        s += "<circle cx=\"\(HTMLText.px(x.position(p.x)))\" cy=\"\(HTMLText.px(y.position(p.y)))\" r=\"3.5\" fill=\"\(series.color)\"><title>\(HTMLText.escape(series.name)): \(SVGScale.label(p.x)) → \(SVGScale.trim(p.y))</title></circle>\n"
                    }
                }
            }
        }
        // Legend.
        var lx = m.left
        for series in self.series {
            s += "<line x1=\"\(HTMLText.px(lx))\" x2=\"\(HTMLText.px(lx + 18))\" y1=\"14\" y2=\"14\" stroke=\"\(series.color)\" stroke-width=\"3\"\(series.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
            s += "<text class=\"legend\" x=\"\(HTMLText.px(lx + 23))\" y=\"18\">\(HTMLText.escape(series.name))</text>\n"
            lx += 32 + Double(series.name.count) * 7.2
        }
        s += "</svg>\n"
        return s
    }
}
