import Foundation
import Storage
import Testing

@Suite("Reading rows as records")
struct RowReaderTests {
    enum Colour: String, CaseIterable { case red, green }

    let row = Row(
        columns: ["id", "name", "missing", "count", "at", "colour", "flag"],
        values: [.integer(7), .text("Ada"), .null, .integer(3), .real(86_400), .text("blue"), .text("yes")])

    @Test func presentValuesOfTheStoredTypeAreRead() throws {
        let reader = RowReader(row, table: "person")
        #expect(try reader.text("name") == "Ada")
        #expect(try reader.optionalText("missing") == nil)
        #expect(try reader.integer("count") == 3)
        #expect(try reader.date("at") == Date(timeIntervalSince1970: 86_400))
        #expect(try reader.optionalDate("missing") == nil)
    }

    @Test func anAbsentOrWrongValueThrowsNamingTableIdAndColumn() {
        let reader = RowReader(row, table: "person")
        #expect(throws: CorruptRow(table: "person", id: "7", column: "missing", expected: "text", found: "NULL")) {
            try reader.text("missing")
        }
        #expect(
            throws: CorruptRow(table: "person", id: "7", column: "nowhere", expected: "an integer", found: "missing")
        ) { try reader.integer("nowhere") }
        #expect(
            throws: CorruptRow(table: "person", id: "7", column: "flag", expected: "an integer", found: "\"yes\"")
        ) { try reader.optionalInteger("flag") }
        #expect(throws: CorruptRow.self) { try reader.date("name") }
        #expect(throws: CorruptRow.self) { try reader.text("count") }
    }

    @Test func anUnknownEnumerationValueIsNotReplacedByACase() {
        let reader = RowReader(row, table: "paint", key: "name", "count")
        #expect(
            throws: CorruptRow(
                table: "paint", id: "Ada/3", column: "colour", expected: "one of red, green", found: "\"blue\"")
        ) { try reader.value("colour", as: Colour.self) }
        let error = CorruptRow(
            table: "paint", id: "Ada/3", column: "colour", expected: "one of red, green", found: "\"blue\"")
        #expect(error.description == "corrupt row in paint (id Ada/3): colour is \"blue\", expected one of red, green")
    }
}
