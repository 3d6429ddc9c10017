package dev.fathom.data;

final class Description {
    static String constantNote(Column c) {
        int n = c.size();
        int first = -1;
        for (int i = 0; i < n; i++) if (!c.isMissing(i)) { first = i; break; }
        if (first < 0) return n == 0 ? null : "column '" + c.name() + "' has no values: all " + n + " are missing; drop it";
        if (n < 2) return null;
        String v = c.text(first);
        for (int i = first + 1; i < n; i++) if (!c.isMissing(i) && !c.text(i).equals(v)) return null;
        return "column '" + c.name() + "' holds the same value (" + CsvException.quoted(v) + ") in every row that has one: it tells a model nothing; drop it";
    }
}
