import IaCDriver

enum ModelText {
  static func render(_ result: CheckResult) -> String { ModelDumper.dump(result.model, locations: false) }
}
