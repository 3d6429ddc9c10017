"""Writes the CSV corpus of dialects and traps read by CsvCorpusTest into
fathom-data/src/test/resources/csv-corpus/. Run with Debian's python3 from the repository root:

    python3 fathom-data/src/test/python/make_csv_corpus.py
"""
import os
import random

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "csv-corpus")


def write(name, text, encoding="utf-8", bom=b""):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(bom + text.encode(encoding))


def table(rows, delimiter=",", decimal="."):
    out = [delimiter.join(["sepal_length", "sepal_width", "petal_length", "species"])]
    for r in rows:
        out.append(delimiter.join(str(x).replace(".", decimal) if isinstance(x, float) else str(x) for x in r))
    return "\n".join(out) + "\n"


def main():
    random.seed(1)
    rows = []
    for i in range(60):
        a = round(4.5 + random.random() * 3, 1)
        b = round(2 + random.random() * 2, 1)
        c = round(1 + random.random() * 5, 1)
        rows.append((a, b, c, ["setosa", "versicolor", "virginica"][i % 3]))
    write("excel-europe.csv", table(rows[:12], ";", ","))
    write("semicolon-decimal-point.csv", table(rows[:12], ";", "."))
    write("tab-named-csv.csv", table(rows[:12], "\t"))
    write("pipe.csv", table(rows[:12], "|"))
    names = "name,score\nZoë,1.5\nÅsa,2\nJosé,3.25\n"
    write("utf8-bom.csv", names, bom=b"\xef\xbb\xbf")
    write("utf16le-bom.csv", names, "utf-16-le", b"\xff\xfe")
    write("utf16be-bom.csv", "name;score\nZoë;1,5\nÅsa;2\nJosé;3,25\n", "utf-16-be", b"\xfe\xff")
    write("utf16le-no-bom.csv", names, "utf-16-le")
    write("single-quotes.csv", "city,note,n\n'Oslo, Norway','said hi',1\n'Rome, Italy','ok',2\n'Paris','fine',3\n")
    lines = table(rows).split("\n")
    parts = lines[34].split(",")
    parts[2] = "four"
    lines[34] = ",".join(parts)
    write("stray-word.csv", "\n".join(lines))
    lines = table(rows).split("\n")
    parts = lines[1].split(",")
    parts[1] = "n.a."
    lines[1] = ",".join(parts)
    write("stray-word-first.csv", "\n".join(lines))
    write("codes.csv", "code,n\n007,1\n12,2\nA1,3\nB2,4\n15,5\nC3,6\n")
    write("infinities.csv", "x,y\n1.5,inf\n2.5,-inf\nInfinity,NaN\n-Infinity,nan\n1e400,INF\n3,4\n")
    write("empty-header-cell.csv", "a,,c\n1,2,3\n4,5,6\n")
    write("blank-header.csv", ",,\n1,2,3\n4,5,6\n")
    write("nul.csv", "id,amount\na,12\nb,13\x00\nc,14\n")
    write("unterminated-quote.csv", 'a,b\n1,2\n3,"oops\n4,5\n6,7\n')
    write("unterminated-quote-closed-later.csv", 'a,b,c\n1,"oops,3\n4,5,6\n7,"ok",9\n10,11,12\n')
    write("unterminated-quote-swallows-lines.csv", 'a,b,c\n1,"x\n2,3,4\n5,6"\n7,8,9\n')
    write("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n")
    with open(os.path.join(OUT, "latin1.csv"), "wb") as f:
        f.write("name,n\nAnn,1\nZoë,2\n".encode("latin-1"))
    write("crlf.csv", "a,b\r\n1,2\r\n3,4\r\n")
    write("header-only.csv", "a,b,c\n")
    write("empty.csv", "")


if __name__ == "__main__":
    main()
