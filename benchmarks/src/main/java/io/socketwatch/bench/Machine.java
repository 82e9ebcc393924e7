package io.socketwatch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** What the figures were measured on: date, CPU, memory, kernel, the measured JDK and the agent jar. */
final class Machine {

    private Machine() {
    }

    static String describe(Settings settings) {
        List<String> lines = new ArrayList<>();
        lines.add("date:    " + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")));
        lines.add("machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), "
                + memory() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        lines.add("JDK:     " + jdk(settings.java) + " (" + settings.java + ")");
        lines.add("agent:   " + settings.agentJar + " (" + size(settings.agentJar) + ")");
        lines.add("run:     " + (settings.quick ? "QUICK smoke run: too short for the figures to mean anything"
                : "full") + "; benchmarks: " + Settings.describeOnly(settings.only));
        return String.join("\n", lines);
    }

    private static String cpuModel() {
        for (String line : lines(Paths.get("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown CPU";
    }

    private static String memory() {
        for (String line : lines(Paths.get("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
            }
        }
        return "unknown memory";
    }

    /** The measured JVM's own description: the second line of `java -version`. */
    private static String jdk(Path java) {
        try {
            Process process = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            String[] lines = output.trim().split("\n");
            return lines.length > 1 ? lines[1].trim() : lines[0].trim();
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e + ")";
        }
    }

    private static String size(Path file) {
        try {
            return String.format(Locale.ROOT, "%.1f MiB", Files.size(file) / 1024.0 / 1024.0);
        } catch (IOException e) {
            return "?";
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}
