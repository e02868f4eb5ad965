package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Locale;
import java.util.Map;

/** Logic, comparison and conversion functions. if() is evaluated lazily by the evaluator itself. */
final class LogicalFunctions {
    private LogicalFunctions() {
    }

    static void register(Map<String, ArmFunction> table) {
        table.put("true", c -> {
            c.expectCount(0, 0);
            return bool(true);
        });
        table.put("false", c -> {
            c.expectCount(0, 0);
            return bool(false);
        });
        table.put("null", c -> {
            c.expectCount(0, 0);
            return NullNode.getInstance();
        });
        table.put("not", c -> bool(!c.expectCount(1, 1).bool(0)));
        table.put("and", c -> {
            c.expectCount(2, Integer.MAX_VALUE);
            boolean all = true;
            for (int i = 0; i < c.count(); i++) {
                all &= c.bool(i);
            }
            return bool(all);
        });
        table.put("or", c -> {
            c.expectCount(2, Integer.MAX_VALUE);
            boolean any = false;
            for (int i = 0; i < c.count(); i++) {
                any |= c.bool(i);
            }
            return bool(any);
        });
        table.put("equals", c -> bool(ArmValues.deepEquals(c.expectCount(2, 2).arg(0), c.arg(1))));
        table.put("int", LogicalFunctions::toInt);
        table.put("bool", LogicalFunctions::toBool);
        table.put("json", LogicalFunctions::json);
    }

    private static JsonNode bool(boolean b) {
        return ArmValues.NODES.booleanNode(b);
    }

    private static JsonNode toInt(Call c) {
        JsonNode v = c.expectCount(1, 1).arg(0);
        if (v.isIntegralNumber()) {
            return v;
        }
        if (v.isTextual()) {
            try {
                return ArmValues.integer(Long.parseLong(v.textValue().strip()));
            } catch (NumberFormatException e) {
                throw c.error("cannot convert '" + Quote.of(v.textValue()).replace("\"", "") + "' to an integer");
            }
        }
        throw c.error("expects a string or an integer, got " + ArmValues.typeName(v));
    }

    private static JsonNode toBool(Call c) {
        JsonNode v = c.expectCount(1, 1).arg(0);
        if (v.isBoolean()) {
            return v;
        }
        if (v.isIntegralNumber()) {
            return bool(v.longValue() != 0);
        }
        if (v.isTextual()) {
            String s = v.textValue().strip().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return bool(s.equals("true"));
            }
            throw c.error("cannot convert '" + Quote.of(v.textValue()).replace("\"", "") + "' to a bool");
        }
        throw c.error("expects a string, an integer or a bool, got " + ArmValues.typeName(v));
    }

    private static JsonNode json(Call c) {
        String s = c.expectCount(1, 1).string(0);
        try {
            JsonNode parsed = TemplateJson.MAPPER.readTree(s);
            if (parsed == null || parsed.isMissingNode()) {
                throw c.error("got an empty string, which is not JSON");
            }
            return parsed;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw c.error("got text that is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
