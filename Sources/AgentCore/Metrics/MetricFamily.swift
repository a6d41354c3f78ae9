/// One metric family as Prometheus's text format 0.0.4 shows it: a name, a help line, a type,
/// and samples. Writing it escapes label values and help text as the format requires.
public struct MetricFamily: Sendable, Hashable {
    /// The family's type.
    public enum Kind: String, Sendable, Hashable {
        case counter, gauge, histogram
    }

    /// One sample: `name + suffix{labels} value`.
    public struct Sample: Sendable, Hashable {
        /// Appended to the family name (`_bucket`, `_sum`, `_count` for histograms; else empty).
        public var suffix: String
        public var labels: [(name: String, value: String)]
        public var value: Double

        /// Creates a sample.
        public init(suffix: String = "", labels: [(name: String, value: String)] = [], value: Double) {
            self.suffix = suffix
            self.labels = labels
            self.value = value
        }

        public static func == (left: Sample, right: Sample) -> Bool {
            left.suffix == right.suffix && left.value == right.value && left.labels.elementsEqual(right.labels, by: ==)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(suffix)
            hasher.combine(value)
        }
    }

    public var name: String
    public var help: String
    public var kind: Kind
    public var samples: [Sample]

    /// Creates a family.
    public init(_ name: String, _ kind: Kind, help: String, samples: [Sample]) {
        self.name = name
        self.kind = kind
        self.help = help
        self.samples = samples
    }

    /// A gauge or counter with one unlabelled sample.
    public static func single(_ name: String, _ kind: Kind, help: String, value: Double) -> MetricFamily {
        MetricFamily(name, kind, help: help, samples: [Sample(value: value)])
    }

    /// A family with one sample per label value (`label` names the dimension).
    public static func labelled(
        _ name: String, _ kind: Kind, help: String, label: String, values: [(String, Double)]
    ) -> MetricFamily {
        MetricFamily(
            name, kind, help: help, samples: values.map { Sample(labels: [(label, $0.0)], value: $0.1) })
    }

    /// The family in text format: `# HELP`, `# TYPE`, then each sample on its own line.
    public var exposition: String {
        var text = "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(kind.rawValue)\n"
        for sample in samples {
            text += name + sample.suffix
            if !sample.labels.isEmpty {
                text += "{"
                text += sample.labels.map { "\($0.name)=\"\(Self.escapeLabel($0.value))\"" }.joined(separator: ",")
                text += "}"
            }
            text += " " + Self.format(sample.value) + "\n"
        }
        return text
    }

    /// Writes families one after another, as a `/metrics` body.
    public static func exposition(_ families: [MetricFamily]) -> String {
        families.map(\.exposition).joined()
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Label values escape backslash, double quote and newline (nothing else may be escaped).
    static func escapeLabel(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += " "
            default: result.append(character)
            }
        }
        return result
    }

    /// Help text escapes backslash and newline.
    static func escapeHelp(_ value: String) -> String {
        value.replacingBackslashes.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\\n")
    }
}

extension String {
    fileprivate var replacingBackslashes: String {
        var result = ""
        for character in self {
            if character == "\\" { result += "\\\\" } else { result.append(character) }
        }
        return result
    }
}
