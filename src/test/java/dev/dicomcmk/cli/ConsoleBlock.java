package dev.dicomcmk.cli;

import java.util.ArrayList;
import java.util.List;

/** A ```console block of a Markdown file: commands ({@code $ ...}) each followed by the output it shows. */
record ConsoleBlock(int firstLine, List<Step> steps) {

    /** One command: its line in the file (0-based), the command after "$ ", and the lines shown below it. */
    record Step(int line, String command, List<String> output) {
    }

    static List<ConsoleBlock> find(List<String> lines) {
        List<ConsoleBlock> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```console")) {
                continue;
            }
            int open = i;
            List<Step> steps = new ArrayList<>();
            int command = -1;
            List<String> output = new ArrayList<>();
            for (i = i + 1; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                String line = lines.get(i);
                if (line.startsWith("$ ")) {
                    if (command >= 0) {
                        steps.add(new Step(command, lines.get(command).substring(2), List.copyOf(output)));
                    }
                    command = i;
                    output.clear();
                } else if (command < 0) {
                    throw new IllegalStateException("line " + (i + 1) + ": a ```console block starts with '$ command'");
                } else {
                    output.add(line);
                }
            }
            if (i >= lines.size()) {
                throw new IllegalStateException("line " + (open + 1) + ": a ```console block is never closed");
            }
            if (command >= 0) {
                steps.add(new Step(command, lines.get(command).substring(2), List.copyOf(output)));
            }
            blocks.add(new ConsoleBlock(open, List.copyOf(steps)));
        }
        return blocks;
    }
}
