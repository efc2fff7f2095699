import SkiffTesting

/// Percentiles and medians of measured samples (0 for no samples).
enum Statistics {
    /// The p-th percentile (0...100) by nearest rank.
    static func percentile(_ samples: [Double], _ p: Double) -> Double {
        samples.isEmpty ? 0 : Percentiles(samples).value(p)
    }

    static func median(_ samples: [Double]) -> Double {
        percentile(samples, 50)
    }
}
