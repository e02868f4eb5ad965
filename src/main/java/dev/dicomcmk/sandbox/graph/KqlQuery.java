package dev.dicomcmk.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The subset of Resource Graph's query language (KQL) the sandbox evaluates: a table
 * ({@code resources}, {@code healthresources}) piped through {@code where}, {@code extend},
 * {@code project} and {@code order by}. Conditions: {@code =~}, {@code ==}, {@code !=},
 * {@code startswith}, {@code in~ ('a', 'b')}, {@code isnotempty(x)}, joined by {@code and} / {@code or}
 * with parentheses. Expressions: a column or a dotted path into one ({@code properties.a.b}),
 * {@code tostring(x)}, {@code tolower(x)}, a string literal. Anything else is refused with
 * {@link InvalidQuery}, which the endpoint answers as Resource Graph does (400 BadRequest, InvalidQuery).
 */
public final class KqlQuery {

    /** A query outside the subset (or not a query at all), with the token and where it stands. */
    public static final class InvalidQuery extends RuntimeException {
        public final int position;
        public final String token;

        InvalidQuery(String message, int position, String token) {
            super(message);
            this.position = position;
            this.token = token;
        }
    }

    public final String table;
    private final List<Function<List<ObjectNode>, List<ObjectNode>>> steps;
    private final Set<String> columns;

    private KqlQuery(String table, List<Function<List<ObjectNode>, List<ObjectNode>>> steps, Set<String> columns) {
        this.table = table;
        this.steps = steps;
        this.columns = columns;
    }

    /** The rows the query answers, from the rows of its table. */
    public List<ObjectNode> run(List<ObjectNode> rows) {
        List<ObjectNode> out = rows;
        for (Function<List<ObjectNode>, List<ObjectNode>> step : steps) {
            out = step.apply(out);
        }
        return out;
    }

    /** @param schema the columns of each table this sandbox serves, by lower-case table name */
    public static KqlQuery parse(String text, java.util.Map<String, List<String>> schema) {
        return new Parser(text == null ? "" : text, schema).query();
    }

    // ---- tokens

    private record Token(String text, int position, boolean string) {
        boolean is(String s) {
            return !string && text.equalsIgnoreCase(s);
        }
    }

    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw new InvalidQuery("unterminated string literal", i, s.substring(i));
                }
                out.add(new Token(s.substring(i + 1, end), i, true));
                i = end + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                if (j < s.length() && s.charAt(j) == '~' && s.substring(i, j).equalsIgnoreCase("in")) {
                    j++;
                }
                out.add(new Token(s.substring(i, j), i, false));
                i = j;
            } else if (s.startsWith("=~", i) || s.startsWith("==", i) || s.startsWith("!=", i)) {
                out.add(new Token(s.substring(i, i + 2), i, false));
                i += 2;
            } else if ("|,().=".indexOf(c) >= 0) {
                out.add(new Token(String.valueOf(c), i, false));
                i++;
            } else {
                throw new InvalidQuery("unexpected character", i, String.valueOf(c));
            }
        }
        return out;
    }

    // ---- parser

    private static final class Parser {
        private final List<Token> tokens;
        private final java.util.Map<String, List<String>> schema;
        private final int length;
        private int at;
        private final Set<String> columns = new LinkedHashSet<>();

        Parser(String text, java.util.Map<String, List<String>> schema) {
            this.tokens = tokens(text);
            this.schema = schema;
            this.length = text.length();
        }

        KqlQuery query() {
            Token t = next("a table name");
            String table = t.text().toLowerCase(Locale.ROOT);
            if (t.string() || !schema.containsKey(table)) {
                throw new InvalidQuery("table '" + t.text() + "' is not one the sandbox serves (" + String.join(", ",
                        schema.keySet()) + ")", t.position(), t.text());
            }
            schema.get(table).forEach(c -> columns.add(c.toLowerCase(Locale.ROOT)));
            List<Function<List<ObjectNode>, List<ObjectNode>>> steps = new ArrayList<>();
            while (at < tokens.size()) {
                expect("|");
                Token op = next("an operator");
                if (op.is("where")) {
                    Predicate<ObjectNode> p = condition();
                    steps.add(rows -> rows.stream().filter(p).toList());
                } else if (op.is("extend")) {
                    Token name = name();
                    expect("=");
                    Function<ObjectNode, JsonNode> e = expression();
                    columns.add(name.text().toLowerCase(Locale.ROOT));
                    steps.add(rows -> rows.stream().map(r -> {
                        ObjectNode copy = r.deepCopy();
                        copy.set(name.text(), e.apply(r));
                        return copy;
                    }).toList());
                } else if (op.is("project")) {
                    List<String> keep = new ArrayList<>();
                    do {
                        keep.add(column(name()));
                    } while (accept(","));
                    steps.add(rows -> rows.stream().map(r -> {
                        ObjectNode o = Json.obj();
                        keep.forEach(k -> o.set(k, r.has(k) ? r.get(k) : Json.MAPPER.nullNode()));
                        return o;
                    }).toList());
                    columns.retainAll(keep.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList());
                } else if (op.is("order") || op.is("sort")) {
                    Token by = next("'by'");
                    if (!by.is("by")) {
                        throw unexpected(by, "'by'");
                    }
                    String col = column(name());
                    boolean desc = false;
                    if (accept("desc")) {
                        desc = true;
                    } else {
                        accept("asc");
                    }
                    Comparator<ObjectNode> cmp = Comparator.comparing(r -> text(r.get(col)));
                    Comparator<ObjectNode> order = desc ? cmp.reversed() : cmp;
                    steps.add(rows -> rows.stream().sorted(order).toList());
                } else {
                    throw new InvalidQuery("the operator '" + op.text() + "' is outside the subset the sandbox evaluates"
                            + " (where, extend, project, order by)", op.position(), op.text());
                }
            }
            return new KqlQuery(table, steps, columns);
        }

        private Predicate<ObjectNode> condition() {
            Predicate<ObjectNode> left = conjunction();
            while (accept("or")) {
                Predicate<ObjectNode> l = left;
                Predicate<ObjectNode> r = conjunction();
                left = row -> l.test(row) || r.test(row);
            }
            return left;
        }

        private Predicate<ObjectNode> conjunction() {
            Predicate<ObjectNode> left = atom();
            while (accept("and")) {
                Predicate<ObjectNode> l = left;
                Predicate<ObjectNode> r = atom();
                left = row -> l.test(row) && r.test(row);
            }
            return left;
        }

        private Predicate<ObjectNode> atom() {
            if (accept("(")) {
                Predicate<ObjectNode> inner = condition();
                expect(")");
                return inner;
            }
            Token t = peek();
            if (t != null && t.is("isnotempty")) {
                at++;
                expect("(");
                Function<ObjectNode, JsonNode> e = expression();
                expect(")");
                return row -> !text(e.apply(row)).isEmpty();
            }
            Function<ObjectNode, JsonNode> left = expression();
            Token op = next("a comparison");
            if (op.is("in~")) {
                expect("(");
                Set<String> values = new java.util.HashSet<>();
                do {
                    values.add(literal().toLowerCase(Locale.ROOT));
                } while (accept(","));
                expect(")");
                return row -> values.contains(text(left.apply(row)).toLowerCase(Locale.ROOT));
            }
            String value = literal();
            return switch (op.text().toLowerCase(Locale.ROOT)) {
                case "=~" -> row -> text(left.apply(row)).equalsIgnoreCase(value);
                case "==" -> row -> text(left.apply(row)).equals(value);
                case "!=" -> row -> !text(left.apply(row)).equals(value);
                case "startswith" -> row -> text(left.apply(row)).toLowerCase(Locale.ROOT)
                        .startsWith(value.toLowerCase(Locale.ROOT));
                default -> throw unexpected(op, "=~, ==, !=, startswith or in~");
            };
        }

        private Function<ObjectNode, JsonNode> expression() {
            Token t = next("an expression");
            if (t.string()) {
                JsonNode v = Json.MAPPER.getNodeFactory().textNode(t.text());
                return row -> v;
            }
            if (t.is("tostring") || t.is("tolower")) {
                boolean lower = t.is("tolower");
                expect("(");
                Function<ObjectNode, JsonNode> inner = expression();
                expect(")");
                return row -> {
                    String s = text(inner.apply(row));
                    return Json.MAPPER.getNodeFactory().textNode(lower ? s.toLowerCase(Locale.ROOT) : s);
                };
            }
            at--;
            String col = column(name());
            List<String> path = new ArrayList<>();
            while (accept(".")) {
                path.add(name().text());
            }
            return row -> {
                JsonNode n = row.get(col);
                for (String p : path) {
                    n = n == null ? null : field(n, p);
                }
                return n;
            };
        }

        /** A column of the rows at this point of the query (as Resource Graph, an unknown one is an error). */
        private String column(Token t) {
            if (!columns.contains(t.text().toLowerCase(Locale.ROOT))) {
                throw new InvalidQuery("Failed to resolve scalar expression named '" + t.text() + "'", t.position(), t.text());
            }
            return t.text();
        }

        private Token name() {
            Token t = next("a name");
            if (t.string() || !Character.isLetter(t.text().charAt(0)) && t.text().charAt(0) != '_') {
                throw unexpected(t, "a name");
            }
            return t;
        }

        private String literal() {
            Token t = next("a string literal");
            if (!t.string()) {
                throw unexpected(t, "a string literal");
            }
            return t.text();
        }

        private Token peek() {
            return at < tokens.size() ? tokens.get(at) : null;
        }

        private Token next(String wanted) {
            if (at >= tokens.size()) {
                throw new InvalidQuery("the query ends where " + wanted + " was expected", length, "<EOF>");
            }
            return tokens.get(at++);
        }

        private boolean accept(String s) {
            Token t = peek();
            if (t != null && t.is(s)) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(String s) {
            Token t = next("'" + s + "'");
            if (!t.is(s)) {
                throw unexpected(t, "'" + s + "'");
            }
        }

        private static InvalidQuery unexpected(Token t, String wanted) {
            return new InvalidQuery("expected " + wanted + " but found '" + t.text() + "'", t.position(), t.text());
        }
    }

    /** A property by name, case-insensitively as Resource Graph's dynamic columns compare them. */
    private static JsonNode field(JsonNode n, String name) {
        if (!n.isObject()) {
            return null;
        }
        JsonNode exact = n.get(name);
        if (exact != null) {
            return exact;
        }
        var it = n.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (f.equalsIgnoreCase(name)) {
                return n.get(f);
            }
        }
        return null;
    }

    /** tostring(): a string as it is, a missing or null value as "", anything else as its JSON. */
    static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "";
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }
}
