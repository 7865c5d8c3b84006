#!/usr/bin/env python3
"""Folder dependencies inside one Swift module, their cycles, and the order ARCHITECTURE.md states.

Swift has no imports between the folders of a module, so this reads definitions instead: every type,
protocol, enum, typealias and top-level function named in a folder is that folder's, and so is every
member an extension there adds to a type (`extension MigrationOperation { var summary … }`), counted
as `.summary` where the name is declared nowhere else in the module (a common name such as `.text`
would be a guess). A folder depends on another when its code (comments and strings stripped) names
one of the other's definitions. Prints each folder's dependencies; exits 1 on a cycle, or on a
dependency against the order in ARCHITECTURE.md ("depend on each other one way (lowest first): A, B →
C → …": a folder may use its own level and those before it).

    scripts/folder-deps.py [Sources/MigrationKit] [ARCHITECTURE.md]
"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "Sources/MigrationKit"
architecture = sys.argv[2] if len(sys.argv) > 2 else "ARCHITECTURE.md"
folders = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))


def strip(code):
    code = re.sub(r'"""[\s\S]*?"""', '""', code)
    code = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', code)
    code = re.sub(r"/\*[\s\S]*?\*/", "", code)
    return re.sub(r"//[^\n]*", "", code)


MODIFIERS = r"(?:(?:public|internal|fileprivate|private|final|indirect|static|class|mutating|nonisolated|override|@\w+(?:\([^)]*\))?)\s+)*"


def extension_members(code):
    """(extended type, member name) of the members declared directly inside top-level `extension` blocks."""
    out, depth, in_ext = [], 0, None
    for line in code.split("\n"):
        stripped = line.strip()
        m = re.match(MODIFIERS + r"extension\s+([A-Za-z_][\w.]*)", stripped) if depth == 0 else None
        if m:
            in_ext = m.group(1).split(".")[-1]
        if in_ext and depth == 1:
            m = re.match(MODIFIERS + r"(?:func|var|let)\s+([a-zA-Z_]\w*)", stripped)
            if m:
                out.append((in_ext, m.group(1)))
        depth += line.count("{") - line.count("}")
        if depth == 0:
            in_ext = None
    return out


texts, defs, ext_members, declared, cases = {}, {}, {}, {}, set()
for f in folders:
    texts[f] = ""
    defs[f] = set()
    ext_members[f] = set()
    for dirpath, _, files in os.walk(os.path.join(root, f)):
        for name in files:
            if name.endswith(".swift"):
                code = strip(open(os.path.join(dirpath, name), encoding="utf-8").read())
                texts[f] += code + "\n"
                for m in re.finditer(r"^(?:public |internal |fileprivate |private |final |indirect )*(?:struct|class|enum|protocol|typealias|actor)\s+([A-Z]\w*)", code, re.M):
                    defs[f].add(m.group(1))
                for m in re.finditer(r"^(?:public |internal )*func\s+([a-z]\w*)", code, re.M):
                    defs[f].add(m.group(1) + "(")
                ext_members[f].update(extension_members(code))
                # Every member name declared anywhere (cases included), to tell unique names from common ones.
                for m in re.finditer(r"\b(?:func|var|let|case)\s+([a-zA-Z_]\w*)", code):
                    declared[m.group(1)] = declared.get(m.group(1), 0) + 1
                for m in re.finditer(r"\bcase\s+((?:[a-z]\w*(?:\([^)]*\))?\s*,\s*)*[a-z]\w*)", code):
                    for c in re.findall(r"([a-z]\w*)(?:\([^)]*\))?", m.group(1)):
                        cases.add(c)
# Members the standard library has too: `.indices` is Collection's wherever the module adds one.
STANDARD = {"indices", "count", "first", "last", "isEmpty", "description", "map", "filter", "sorted", "reversed",
            "joined", "contains", "lowercased", "uppercased", "split", "prefix", "suffix", "keys", "values", "min", "max",
            "hash", "encode", "index", "append", "remove", "insert", "flatMap", "compactMap", "reduce", "enumerated"}
# A member whose name is the module's alone counts wherever `.name` appears; one whose name other types
# declare too counts where the extended type is named as well (`MigrationOperation` … `.summary`).
ext_pairs = set()
for f in folders:
    for t, n in ext_members[f]:
        # An enum case's name (`.text`) is no evidence of anything.
        if n in STANDARD or n in cases:
            continue
        if declared.get(n, 0) == 1:
            defs[f].add("." + n)
        else:
            defs[f].add(t + "." + n)
            ext_pairs.add((t, n))


def uses(f):
    t = texts[f]
    words = set(re.findall(r"\b[A-Z]\w*\b", t))
    dotted = set(re.findall(r"\.([a-zA-Z_]\w*)\b", t))
    return (words | {w + "(" for w in re.findall(r"\b([a-z]\w*)\s*\(", t)} | {"." + w for w in dotted}
            | {tp + "." + n for tp, n in ext_pairs if tp in words and n in dotted})


deps = {f: set() for f in folders}
for f in folders:
    words = uses(f)
    for g in folders:
        if g != f and words & defs[g]:
            deps[f].add(g)

for f in folders:
    print(f"{f:14} -> {', '.join(sorted(deps[f])) or '(nothing)'}")

# Cycles: strongly connected components with more than one folder.
index, low, stack, on, sccs, n = {}, {}, [], set(), [], [0]
def visit(v):
    index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
    for w in deps[v]:
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            sccs.append(sorted(comp))
for f in folders:
    if f not in index:
        visit(f)
if sccs:
    for c in sccs:
        shared = []
        for a in c:
            for b in c:
                if a != b:
                    words = uses(a)
                    if words & defs[b]:
                        shared.append(f"{a} uses {b}: {', '.join(sorted(words & defs[b])[:6])}")
        print("cycle: " + " <-> ".join(c))
        for s in shared:
            print("   " + s)
    sys.exit(1)
print("no cycles")

# The order ARCHITECTURE.md states.
failed = False
if os.path.exists(architecture):
    text = " ".join(open(architecture, encoding="utf-8").read().split())
    m = re.search(r"depend on each other one way \(lowest first\): (.*?)\. ", text)
    if not m:
        print(f"{architecture}: no 'depend on each other one way (lowest first): …' sentence to check")
        sys.exit(1)
    level = {}
    for i, part in enumerate(m.group(1).split("→")):
        for name in part.split(","):
            level[name.strip()] = i
    for f in folders:
        if f not in level:
            print(f"{f}: a folder the order in {architecture} does not name")
            failed = True
    for f in folders:
        for g in sorted(deps[f]):
            if f in level and g in level and level[g] > level[f]:
                words = sorted(uses(f) & defs[g])[:6]
                print(f"against the order: {f} uses {g} ({', '.join(words)}), which the order puts above it")
                failed = True
    if failed:
        sys.exit(1)
    print(f"the order in {architecture} holds")
