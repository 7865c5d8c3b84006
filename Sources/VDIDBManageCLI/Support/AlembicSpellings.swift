/// Command lines as Alembic's users type them, in the form the argument parser reads.
///
/// Alembic's documentation writes a history range that starts with a relative step glued to its
/// flag, `history -r-3:current`, because argparse would read `-r -3:current` as two options. Both
/// spellings mean the range here: `-rRANGE` and `-r RANGE` become `--rev-range=RANGE`, whatever the
/// range starts with. A message (`-m`, `--message`) and everything after `--` are left as they are.
enum AlembicSpellings {
    static func normalize(_ arguments: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(arguments.count)
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" {
                out += arguments[i...]
                break
            }
            if a == "-m" || a == "--message" {
                out.append(a)
                if i + 1 < arguments.count { out.append(arguments[i + 1]) }
                i += 2
                continue
            }
            // `--delta -1` (a negative number is read as an option otherwise): passed as a value, so
            // that the check says what is wrong with it.
            if a == "--delta", i + 1 < arguments.count, arguments[i + 1].hasPrefix("-"), Int(arguments[i + 1]) != nil {
                out.append("--delta=" + arguments[i + 1])
                i += 2
                continue
            }
            if a == "-r", i + 1 < arguments.count {
                out.append("--rev-range=" + arguments[i + 1])
                i += 2
                continue
            }
            if a.hasPrefix("-r"), a.count > 2 {
                out.append("--rev-range=" + a.dropFirst(2))
            } else {
                out.append(a)
            }
            i += 1
        }
        return out
    }
}
