#!/usr/bin/env python3
"""Folder dependencies inside one Swift module, and their cycles.

Swift has no imports between the folders of a module, so this reads definitions instead: every type,
protocol, enum, typealias, top-level function and extension method named in a folder is that folder's;
a folder depends on another when its code (comments and strings stripped) names one of the other's
definitions. Prints each folder's dependencies and every cycle; exits 1 when there is a cycle.

    scripts/folder-deps.py [Sources/MigrationKit]
"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "Sources/MigrationKit"
folders = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))


def strip(code):
    code = re.sub(r'"""[\s\S]*?"""', '""', code)
    code = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', code)
    code = re.sub(r"/\*[\s\S]*?\*/", "", code)
    return re.sub(r"//[^\n]*", "", code)


texts, defs = {}, {}
for f in folders:
    texts[f] = ""
    defs[f] = set()
    for dirpath, _, files in os.walk(os.path.join(root, f)):
        for name in files:
            if name.endswith(".swift"):
                code = strip(open(os.path.join(dirpath, name), encoding="utf-8").read())
                texts[f] += code + "\n"
                for m in re.finditer(r"^(?:public |internal |fileprivate |private |final |indirect )*(?:struct|class|enum|protocol|typealias|actor)\s+([A-Z]\w*)", code, re.M):
                    defs[f].add(m.group(1))
                for m in re.finditer(r"^(?:public |internal )*func\s+([a-z]\w*)", code, re.M):
                    defs[f].add(m.group(1) + "(")

deps = {f: set() for f in folders}
for f in folders:
    words = set(re.findall(r"\b[A-Z]\w*\b", texts[f])) | {w + "(" for w in re.findall(r"\b([a-z]\w*)\s*\(", texts[f])}
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
                    words = set(re.findall(r"\b[A-Z]\w*\b", texts[a])) | {w + "(" for w in re.findall(r"\b([a-z]\w*)\s*\(", texts[a])}
                    shared.append(f"{a} uses {b}: {', '.join(sorted(words & defs[b])[:6])}")
        print("cycle: " + " <-> ".join(c))
        for s in shared:
            print("   " + s)
    sys.exit(1)
print("no cycles")
