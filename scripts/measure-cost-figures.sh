#!/usr/bin/env bash
# Writes pv-cli/src/main/resources/dev/pvault/cli/cost/measured-figures.json: the measured figures `pvault cost`
# prices from. Run from the repository root with ../shared beside it (the bench corpus); takes a few minutes.
# What it stores is the benchmarks' own JSON, unedited; CostModel derives its figures from it (Figures.parse).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$root/../shared/bench/corpus-10k.txt}"
out="$root/pv-cli/src/main/resources/dev/pvault/cli/cost/measured-figures.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$root"
pipeline_cmd=(./pvault bench pipeline --messages 10000 --corpus "$corpus" --json)
cold_cmd=(./pvault bench embed --messages 1 --warmup 0 --json)
corpus_cmd=(./pvault cost --measure-corpus "$corpus" --json)
# Each command runs as a child of python, which reads the CPU time it used (user + system, its children
# included): a figure that a busy machine stretches far less than wall time.
run() {
    local name="$1"; shift
    python3 - "$work/$name" "$@" <<'PY'
import json, resource, subprocess, sys
out = sys.argv[1]
with open(out + ".json", "w") as stdout:
    subprocess.run(sys.argv[2:], stdout=stdout, check=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"cpu_seconds": usage.ru_utime + usage.ru_stime}, open(out + ".cpu.json", "w"))
PY
}
./pvault --version >/dev/null # builds the launcher first, outside the measurements
run pipeline "${pipeline_cmd[@]}"
run cold "${cold_cmd[@]}"
run corpus "${corpus_cmd[@]}"

python3 - "$work" "$out" <<'PY'
import json, os, subprocess, sys, datetime
work, out = sys.argv[1], sys.argv[2]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
doc = {
    "measured_on": datetime.date.today().isoformat(),
    "command": "scripts/measure-cost-figures.sh (pvault bench pipeline --messages 10000 --corpus corpus-10k.txt,"
               " its process CPU time from getrusage;"
               " pvault bench embed --messages 1 --warmup 0, its process CPU time likewise;"
               " pvault cost --measure-corpus corpus-10k.txt)",
    "git": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
    "machine": {"cores": os.cpu_count(), "cpu": cpu,
                "load_average": open("/proc/loadavg").read().split()[0]},
    "pipeline": json.load(open(f"{work}/pipeline.json")),
    "pipeline_process": json.load(open(f"{work}/pipeline.cpu.json")),
    "cold_start": json.load(open(f"{work}/cold.json")),
    "cold_start_process": json.load(open(f"{work}/cold.cpu.json")),
    "corpus": json.load(open(f"{work}/corpus.json")),
}
json.dump(doc, open(out, "w"), indent=2)
open(out, "a").write("\n")
print("wrote", out)
PY
