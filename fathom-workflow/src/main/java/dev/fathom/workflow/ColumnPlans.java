package dev.fathom.workflow;

import java.util.ArrayList;
import java.util.List;

/** Prints column plans compactly: neighbouring columns prepared alike share one line. */
final class ColumnPlans {
    /** Beyond this many names, a group shows its first and last name and the count. */
    static final int MAX_NAMES = 6;

    private ColumnPlans() {}

    /** Neighbouring columns prepared alike: their names, shortened when many, and the shared plan. */
    record Group(String names, ColumnPlan plan) {}

    static List<Group> groups(List<ColumnPlan> plans) {
        List<Group> out = new ArrayList<>();
        int i = 0;
        while (i < plans.size()) {
            ColumnPlan first = plans.get(i);
            int j = i + 1;
            while (j < plans.size() && same(first, plans.get(j))) j++;
            List<String> names = new ArrayList<>();
            for (int k = i; k < j; k++) names.add("'" + plans.get(k).column() + "'");
            String who = names.size() <= MAX_NAMES ? String.join(", ", names)
                    : names.getFirst() + " ... " + names.getLast() + " (" + names.size() + " columns)";
            out.add(new Group(who, first));
            i = j;
        }
        return out;
    }

    /** One line per group, as printed. */
    static List<String> grouped(List<ColumnPlan> plans) {
        List<String> lines = new ArrayList<>();
        for (Group g : groups(plans)) {
            lines.add((g.names().contains(",") || g.names().contains("...") ? "columns " : "column ") + g.names() + " ("
                    + g.plan().type().label() + "): " + g.plan().steps() + "; " + g.plan().reason());
        }
        return lines;
    }

    private static boolean same(ColumnPlan a, ColumnPlan b) {
        return a.type() == b.type() && a.steps().equals(b.steps()) && a.reason().equals(b.reason());
    }
}
