import IaCJSON
import Testing

/// JSON goes through jansson: keys in insertion order, output identical run to run.
@Suite struct JSONTests {
  @Test func keysKeepInsertionOrder() {
    let value: JSONValue = .object(["zebra": 1, "apple": 2, "mango": .array([true, nil, "x"])])
    #expect(value.serialized(.compact) == #"{"zebra":1,"apple":2,"mango":[true,null,"x"]}"#)
  }

  @Test func roundTripsThroughJansson() {
    let value: JSONValue = .object([
      "text": "line\nwith \"quotes\" and ünïcödé and \u{0}nul", "n": -42, "pi": .double(3.25), "empty": .object([:]),
    ])
    let text = value.serialized(.pretty)
    #expect(JSONValue.parse(text) == .success(value))
  }

  @Test func parseErrorsCarryAPosition() {
    guard case .failure(let error) = JSONValue.parse("{\n  \"a\": 1,\n  \"a\": 2\n}") else {
      Issue.record("duplicate keys must be rejected")
      return
    }
    #expect(error.line == 3)
    if case .success = JSONValue.parse("{ not json") { Issue.record("accepted garbage") }
  }
}
