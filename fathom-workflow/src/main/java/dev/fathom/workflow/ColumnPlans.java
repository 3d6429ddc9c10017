package dev.fathom.workflow;

import java.util.ArrayList;
import java.util.List;

/** Prints column plans compactly: neighbouring columns prepared alike share one line. */
final class ColumnPlans {
    /** Beyond this many names, a group shows its first and last name and the count. */
    static final int MAX_NAMES = 6;

    private ColumnPlans() {}

    static List<String> grouped(List<ColumnPlan> plans) {
        List<String> lines = new ArrayList<>();
        int i = 0;
        while (i < plans.size()) {
            ColumnPlan first = plans.get(i);
            int j = i + 1;
            while (j < plans.size() && same(first, plans.get(j))) j++;
            List<String> names = new ArrayList<>();
            for (int k = i; k < j; k++) names.add("'" + plans.get(k).column() + "'");
            String who = names.size() == 1 ? "column " + names.getFirst()
                    : names.size() <= MAX_NAMES ? "columns " + String.join(", ", names)
                    : "columns " + names.getFirst() + " ... " + names.getLast() + " (" + names.size() + ")";
            lines.add(who + " (" + first.type().label() + "): " + first.steps() + "; " + first.reason());
            i = j;
        }
        return lines;
    }

    private static boolean same(ColumnPlan a, ColumnPlan b) {
        return a.type() == b.type() && a.steps().equals(b.steps()) && a.reason().equals(b.reason());
    }
}
