package org.smtpguard.proxy.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a test needs from {@code deploy/Dockerfile}, read from the file itself so that the test cannot
 * drift from it: the last stage's ENTRYPOINT, CMD, ENV, EXPOSE, USER, HEALTHCHECK command and the
 * files it COPYs (destination → source). Exec (JSON) form only; that is what the file promises.
 */
final class ContainerImageFile {

    final List<String> entrypoint;
    final List<String> cmd;
    final Map<String, String> env;
    final List<Integer> exposedPorts;
    final String user;
    final List<String> healthcheck;
    /** COPY destination → source; a source from another stage is written {@code stage:path}. */
    final Map<String, String> copies;

    private ContainerImageFile(List<String> instructions) {
        List<String> entry = List.of();
        List<String> command = List.of();
        Map<String, String> variables = new LinkedHashMap<>();
        List<Integer> ports = new ArrayList<>();
        String runAs = "root";
        List<String> check = List.of();
        Map<String, String> copied = new LinkedHashMap<>();
        for (String line : instructions) {
            String[] parts = line.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(java.util.Locale.ROOT);
            String rest = parts.length > 1 ? parts[1].strip() : "";
            switch (keyword) {
                case "ENTRYPOINT" -> entry = jsonArray(rest);
                case "CMD" -> command = jsonArray(rest);
                case "ENV" -> variables.putAll(env(rest));
                case "EXPOSE" -> {
                    for (String port : rest.split("\\s+")) {
                        ports.add(Integer.parseInt(port.replace("/tcp", "")));
                    }
                }
                case "USER" -> runAs = rest;
                case "HEALTHCHECK" -> check = jsonArray(rest.substring(rest.indexOf("CMD ") + 4).strip());
                case "COPY" -> {
                    String from = null;
                    List<String> words = new ArrayList<>(List.of(rest.split("\\s+")));
                    while (words.get(0).startsWith("--")) {
                        String option = words.remove(0);
                        if (option.startsWith("--from=")) {
                            from = option.substring("--from=".length());
                        }
                    }
                    String destination = words.get(words.size() - 1);
                    for (String source : words.subList(0, words.size() - 1)) {
                        String target = destination.endsWith("/")
                                ? destination + Path.of(source).getFileName() : destination;
                        copied.put(target, from == null ? source : from + ":" + source);
                    }
                }
                default -> { }
            }
        }
        this.entrypoint = entry;
        this.cmd = command;
        this.env = variables;
        this.exposedPorts = ports;
        this.user = runAs;
        this.healthcheck = check;
        this.copies = copied;
    }

    /** Reads the instructions of the last stage (after the last FROM). */
    static ContainerImageFile read(Path dockerfile) throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(dockerfile)) {
            String line = raw.strip();
            if (current.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.startsWith("#")) {
                continue; // a comment inside a continued instruction
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            instructions.add(current.toString().strip());
            current.setLength(0);
        }
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).toUpperCase(java.util.Locale.ROOT).startsWith("FROM ")) {
                lastFrom = i;
            }
        }
        return new ContainerImageFile(instructions.subList(lastFrom + 1, instructions.size()));
    }

    /** ENTRYPOINT followed by CMD: what the container runs. */
    List<String> command() {
        List<String> all = new ArrayList<>(entrypoint);
        all.addAll(cmd);
        return all;
    }

    /** {@code ["a", "b"]}; fails on the shell form, which would hide the process from SIGTERM. */
    private static List<String> jsonArray(String text) {
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw new IllegalArgumentException("not the exec (JSON) form: " + text);
        }
        List<String> items = new ArrayList<>();
        int i = 1;
        while (i < text.length() - 1) {
            char c = text.charAt(i);
            if (c == '"') {
                StringBuilder item = new StringBuilder();
                i++;
                while (text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\') {
                        i++;
                    }
                    item.append(text.charAt(i++));
                }
                items.add(item.toString());
            }
            i++;
        }
        return items;
    }

    /** {@code K=V K2="V 2"}. */
    private static Map<String, String> env(String text) {
        Map<String, String> variables = new LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)")
                .matcher(text);
        while (m.find()) {
            String value = m.group(2);
            variables.put(m.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
        }
        return variables;
    }
}
