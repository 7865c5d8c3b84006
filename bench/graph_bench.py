"""Times Alembic's revision map with N revisions built in memory: construction, heads, the full history
(iterate_revisions head -> base, formatted as `history` does), and what `current` does at the tip.
Prints one JSON object. Run with the Alembic virtual environment's Python."""
import json
import sys
import time

from alembic.script.revision import Revision, RevisionMap

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
revisions = [Revision("r%d" % i, "r%d" % (i - 1) if i else None) for i in range(n)]
t = time.monotonic()
rmap = RevisionMap(lambda: revisions)
heads = rmap.heads  # builds and validates the map
build = time.monotonic() - t
t = time.monotonic()
heads = [rmap.get_revision(h) for h in rmap.heads]
heads_time = time.monotonic() - t
t = time.monotonic()
lines = 0
for rev in rmap.iterate_revisions("heads", "base"):
    lines += len("%s -> %s%s, %s" % (rev.down_revision, rev.revision, " (head)" if rev.is_head else "", ""))
history_time = time.monotonic() - t
t = time.monotonic()
current = rmap.get_revisions(["r%d" % (n - 1)])
steps = list(rmap.iterate_revisions("heads", "r%d" % (n - 1)))
current_time = time.monotonic() - t
print(json.dumps({"n": n, "build": build, "heads": heads_time, "history": history_time, "current": current_time,
                  "check": len(heads) + lines + len(steps) + len(current)}))
