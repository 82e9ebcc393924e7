package io.socketwatch.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The summary table (one row per measured figure, with its budget and verdict) and the detail blocks. */
final class Report {

    static final String[] HEADER = {"benchmark", "without agent", "with agent", "with/without", "budget", "verdict"};

    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> details = new ArrayList<>();

    void row(String benchmark, String without, String with, String change, String budget, String verdict) {
        rows.add(new String[] {benchmark, without, with, change, budget, verdict});
    }

    /** A numbered note under the table, for what a row's figures alone do not say. */
    String note(String text) {
        notes.add(text);
        return "[" + notes.size() + "]";
    }

    void detail(String block) {
        details.add(block);
    }

    boolean anyMiss() {
        for (String[] row : rows) {
            if (row[5].startsWith("MISS") || row[5].startsWith("ERROR")) {
                return true;
            }
        }
        return false;
    }

    void print(PrintStream out) {
        out.println();
        out.println(table(rows));
        for (int i = 0; i < notes.size(); i++) {
            out.println("[" + (i + 1) + "] " + notes.get(i));
        }
        for (String block : details) {
            out.println();
            out.println(block);
        }
    }

    void writeMarkdown(Path file) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append('|');
        for (String h : HEADER) {
            md.append(' ').append(h).append(" |");
        }
        md.append("\n|");
        for (int i = 0; i < HEADER.length; i++) {
            md.append(i == 0 ? "---|" : "---:|");
        }
        md.append('\n');
        for (String[] row : rows) {
            md.append('|');
            for (String cell : row) {
                md.append(' ').append(cell.replace("|", "\\|")).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
        for (int i = 0; i < notes.size(); i++) {
            md.append("[").append(i + 1).append("] ").append(notes.get(i)).append("\n\n");
        }
        Files.write(file, md.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Left-aligned first column, right-aligned figures, a rule under the header. */
    static String table(List<String[]> body) {
        List<String[]> all = new ArrayList<>();
        all.add(HEADER);
        all.addAll(body);
        return table(all, true);
    }

    static String table(List<String[]> all, boolean firstIsHeader) {
        int columns = all.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : all) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < all.size(); r++) {
            String[] row = all.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = row[c];
                String pad = " ".repeat(widths[c] - cell.length());
                line.append(c == 0 ? cell + pad : pad + cell).append(c < columns - 1 ? "  " : "");
            }
            text.append(line.toString().replaceAll("\\s+$", "")).append('\n');
            if (r == 0 && firstIsHeader) {
                int total = 0;
                for (int w : widths) {
                    total += w + 2;
                }
                text.append("-".repeat(total - 2)).append('\n');
            }
        }
        return text.toString().stripTrailing();
    }
}
