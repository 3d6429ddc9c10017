package dev.fathom.data;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sniffer's choices where the first lines leave room for doubt. */
class CsvSnifferTest {
    private static CsvDialect sniff(String name, String text, CsvOptions options) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return CsvSniffer.sniff(b, b.length, true, name, options);
    }

    private static CsvDialect sniff(String name, String text) {
        return sniff(name, text, CsvOptions.defaults());
    }

    @Test
    void aSingleColumnKeepsTheDelimiterOfItsName() {
        assertEquals(',', sniff("x.csv", "x\n1\n2\n").delimiter());
        assertEquals('\t', sniff("x.tsv", "x\n1\n2\n").delimiter());
    }

    @Test
    void aTieGoesToTheDelimiterOfTheName() {
        String text = "a\tb,c\nx\ty,z\nu\tv,w\n";
        assertEquals('\t', sniff("t.tsv", text).delimiter());
        assertEquals(',', sniff("t.csv", text).delimiter());
    }

    @Test
    void delimitersInsideQuotesDoNotCount() {
        assertEquals(',', sniff("q.csv", "name,note\n\"a;b;c\",x\n\"d;e;f\",y\n").delimiter());
    }

    @Test
    void theMostRegularDelimiterWinsOverTheMostFrequent() {
        // Three commas on some lines, two on others; one semicolon on every line.
        assertEquals(';', sniff("s.csv", "a;b\n1,2,3;x\n4,5;y\n6,7,8;z\n").delimiter());
    }

    @Test
    void decimalCommasNeedAnotherDelimiter() {
        CsvDialect tabs = sniff("d.csv", "a\tb\n1,5\t2\n3,25\t4\n");
        assertEquals('\t', tabs.delimiter());
        assertEquals(',', tabs.decimal());
        assertEquals('.', sniff("p.csv", "a;b\n1.5;2\n3,25;4.75\n").decimal());   // more points than commas
        // A decimal comma that is set keeps ',' out of the delimiters sniffed.
        assertEquals(';', sniff("e.csv", "a;b\n1,5;2\n", CsvOptions.defaults().decimal(',')).delimiter());
    }

    @Test
    void setOptionsAreNotSniffed() {
        CsvDialect d = sniff("s.csv", "a;b\n1,5;2\n", CsvOptions.defaults().delimiter('|').quote('\'').charset(StandardCharsets.ISO_8859_1));
        assertEquals(new CsvDialect('|', '\'', '.', StandardCharsets.ISO_8859_1, false), d);
    }
}
