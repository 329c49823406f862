/// A `PayloadSchema` flattened into trivial values (no references), so that the
/// validator's hot path does no reference counting.
///
/// `fields[0..<topCount]` are the top level; an array field's item fields are
/// `fields[childStart..<childStart+childCount]`. Names live in one byte buffer.
struct CompiledSchema: Sendable {
    enum Kind: UInt8 { case identifier, positiveInteger, nonNegativeNumber, currencyCode, timestamp, array }

    struct Field {
        var nameStart: Int32
        var nameCount: Int32
        var kind: Kind
        var minCount: Int32
        var childStart: Int32
        var childCount: Int32
    }

    var fields: [Field] = []
    var names: [UInt8] = []
    var topCount = 0

    init(_ schema: PayloadSchema) {
        topCount = schema.fields.count
        add(schema.fields)
    }

    /// Adds a level of fields, then their children (breadth first per array).
    private mutating func add(_ level: [PayloadSchema.Field]) {
        let start = fields.count
        for f in level {
            let nameStart = Int32(names.count)
            names.append(contentsOf: f.nameBytes)
            fields.append(Field(nameStart: nameStart, nameCount: Int32(f.nameBytes.count), kind: .identifier, minCount: 0, childStart: 0, childCount: 0))
        }
        for (i, f) in level.enumerated() {
            let index = start + i
            switch f.type {
            case .identifier: fields[index].kind = .identifier
            case .positiveInteger: fields[index].kind = .positiveInteger
            case .nonNegativeNumber: fields[index].kind = .nonNegativeNumber
            case .currencyCode: fields[index].kind = .currencyCode
            case .timestamp: fields[index].kind = .timestamp
            case let .array(minCount, children):
                fields[index].kind = .array
                fields[index].minCount = Int32(minCount)
                fields[index].childStart = Int32(fields.count)
                fields[index].childCount = Int32(children.count)
                add(children)
            }
        }
    }
}
