import IaCModel

/// The memoised field values of one evaluator (or of the values every environment shares), by
/// symbol index and schema field index.
///
/// A cell is four bytes: all cells sit in one flat array, a symbol's row at its offset, and only
/// the values that exist are stored, in a side array. A table of `State<Memo>` cells took 48 bytes
/// a cell, and most cells of a service are unset optional fields: at 10,000 services the two tables
/// of a check held 18 MiB this way, against about 3 MiB now. Indexing stays plain array indexing
/// on the hottest path of the checker.
struct MemoTable {
  /// Where each symbol's row starts in `cells`; the row is as long as the symbol's schema.
  private let offsets: [Int]
  /// 0: not computed; 1: in progress; 2 and 3: done without a value; from 4 on: done with
  /// `values[(code - 4) >> 1]`. In a done code the low bit says the value depends on the environment.
  private var cells: [UInt32]
  private var values: [Value] = []

  /// `rowSizes[symbol]`: how many fields the symbol's schema has (0 for a `let` or `param`).
  init(rowSizes: [Int]) {
    var offsets: [Int] = []
    offsets.reserveCapacity(rowSizes.count)
    var total = 0
    for size in rowSizes {
      offsets.append(total)
      total += size
    }
    self.offsets = offsets
    cells = [UInt32](repeating: 0, count: total)
  }

  subscript(symbol: Int, field: Int) -> Evaluator.State<Evaluator.Memo>? {
    get {
      let code = cells[offsets[symbol] + field]
      switch code {
      case 0: return nil
      case 1: return .inProgress
      case 2, 3: return .done(Evaluator.Memo(value: nil, environmentDependent: code == 3))
      default:
        let index = Int((code - 4) >> 1)
        return .done(Evaluator.Memo(value: values[index], environmentDependent: code & 1 == 1))
      }
    }
    set {
      let position = offsets[symbol] + field
      switch newValue {
      case nil: cells[position] = 0
      case .inProgress: cells[position] = 1
      case .done(let memo):
        let dependent: UInt32 = memo.environmentDependent ? 1 : 0
        guard let value = memo.value else {
          cells[position] = 2 | dependent
          return
        }
        let old = cells[position]
        if old >= 4 {
          values[Int((old - 4) >> 1)] = value
          cells[position] = old & ~1 | dependent
        } else {
          cells[position] = UInt32(values.count) << 1 + 4 | dependent
          values.append(value)
        }
      }
    }
  }
}
