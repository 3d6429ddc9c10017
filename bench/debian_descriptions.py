"""Writes a text-classification CSV from the Debian package index this machine already has:
each package's one-line description and its archive section, for bench/text_compare.

    /usr/bin/python3 bench/debian_descriptions.py OUT.csv [PER_SECTION]

Reads `apt-cache dumpavail` (the Packages lists under /var/lib/apt/lists, no download), keeps the
sections games, science, net, admin and text, and takes up to PER_SECTION (default 1000) packages of
each, the first by package name after a seeded shuffle, with duplicate descriptions dropped. The
descriptions come from the packages' debian/control files (each under its package's free license);
the CSV is made on the machine that runs the benchmark and is not committed.
"""
import csv
import random
import subprocess
import sys

SECTIONS = ["games", "science", "net", "admin", "text"]


def main():
    out = sys.argv[1]
    per = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    dump = subprocess.run(["apt-cache", "dumpavail"], check=True, capture_output=True, text=True).stdout
    by_section = {s: {} for s in SECTIONS}
    for block in dump.split("\n\n"):
        fields = {}
        for line in block.splitlines():
            if line and not line.startswith(" ") and ":" in line:
                k, v = line.split(":", 1)
                fields[k] = v.strip()
        section = fields.get("Section", "").split("/")[-1]
        if section in by_section and fields.get("Description"):
            by_section[section][fields["Package"]] = fields["Description"]
    rng = random.Random(23)
    rows, seen = [], set()
    for section in SECTIONS:
        names = sorted(by_section[section])
        rng.shuffle(names)
        kept = 0
        for name in names:
            d = by_section[section][name]
            if d in seen:
                continue
            seen.add(d)
            rows.append((d, section))
            kept += 1
            if kept == per:
                break
    rng.shuffle(rows)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["description", "section"])
        w.writerows(rows)
    print("%d descriptions in %d sections -> %s" % (len(rows), len(SECTIONS), out), file=sys.stderr)


if __name__ == "__main__":
    main()
