package dev.dicomcmk.preflight;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps the JSON pointers of a document to the 1-based line where each value starts (for an
 * object member: the line of its name, which is where an editor shows the property). Built with
 * Jackson's streaming parser because the tree model forgets where things were.
 */
public final class LineIndex {

    private final Map<String, Integer> lines;

    private LineIndex(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /** @throws IOException when the text is not JSON (the parser's exception carries the line) */
    public static LineIndex of(String json) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        // each open container's pointer and, for arrays, the index of the next element
        Deque<String> paths = new ArrayDeque<>();
        Deque<int[]> arrayIndexes = new ArrayDeque<>();
        Deque<Boolean> isArray = new ArrayDeque<>();
        String pendingName = null;
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                int line = parser.currentTokenLocation().getLineNr();
                if (token == JsonToken.FIELD_NAME) {
                    pendingName = parser.currentName();
                    lines.put(paths.peek() + "/" + escape(pendingName), line);
                    continue;
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    paths.pop();
                    arrayIndexes.pop();
                    isArray.pop();
                    continue;
                }
                String pointer;
                if (paths.isEmpty()) {
                    pointer = "";
                    lines.put(pointer, line);
                } else if (Boolean.TRUE.equals(isArray.peek())) {
                    pointer = paths.peek() + "/" + arrayIndexes.peek()[0]++;
                    lines.put(pointer, line);
                } else {
                    pointer = paths.peek() + "/" + escape(pendingName);
                }
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    paths.push(pointer);
                    arrayIndexes.push(new int[1]);
                    isArray.push(token == JsonToken.START_ARRAY);
                }
            }
        }
        return new LineIndex(lines);
    }

    /** The line of the pointer, else of its nearest ancestor that exists; 0 when none does. */
    public int line(String pointer) {
        String p = pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 0;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /** The pointer itself when it exists in the document, else its nearest existing ancestor. */
    public String existing(String pointer) {
        String p = pointer;
        while (!p.isEmpty() && !lines.containsKey(p)) {
            p = p.substring(0, p.lastIndexOf('/'));
        }
        return p;
    }

    /** RFC 6901: '~' and '/' in a member name. */
    public static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
