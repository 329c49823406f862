/// Thins a long series for drawing without hiding a spike: each bucket of
/// consecutive points becomes its minimum and its maximum, in the order they
/// occurred. Never an average.
enum Downsampler {
    /// - Returns: at most about `limit` points; the input unchanged if it is short.
    /// - Complexity: O(n).
    static func minMax(_ points: [(x: Double, y: Double)], limit: Int) -> [(x: Double, y: Double)] {
        guard points.count > limit, limit >= 4 else { return points }
        let bucket = (points.count + limit / 2 - 1) / (limit / 2)
        var out: [(x: Double, y: Double)] = []
        out.reserveCapacity(limit + 2)
        var start = 0
        while start < points.count {
            let end = min(points.count, start + bucket)
            var lo = start
            var hi = start
            for i in start..<end {
                if points[i].y < points[lo].y { lo = i }
                if points[i].y > points[hi].y { hi = i }
            }
            if lo == hi {
                out.append(points[lo])
            } else {
                out.append(points[min(lo, hi)])
                out.append(points[max(lo, hi)])
            }
            start = end
        }
        return out
    }
}
