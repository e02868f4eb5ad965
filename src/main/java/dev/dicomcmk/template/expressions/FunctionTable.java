package dev.dicomcmk.template.expressions;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Looks functions up by case-insensitive name. ARM functions we do not implement are known by
 * name so that they raise {@link UnsupportedExpressionException} (an honest "cannot say"),
 * while a name ARM does not know at all is an ordinary error, as it would be in Azure.
 */
final class FunctionTable {
    private static final Map<String, ArmFunction> FUNCTIONS = new HashMap<>();

    static {
        StringFunctions.register(FUNCTIONS);
        CollectionFunctions.register(FUNCTIONS);
        LogicalFunctions.register(FUNCTIONS);
        ResourceIdFunctions.register(FUNCTIONS);
        DeploymentFunctions.register(FUNCTIONS);
    }

    /** ARM's other built-in functions (template-functions reference), lower-cased. */
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of(
            "add", "sub", "mul", "div", "mod", "min", "max", "range",
            "greater", "greaterorequals", "less", "lessorequals",
            "array", "take", "skip", "intersection", "indexof", "lastindexof", "flatten", "objectkeys", "shallowmerge",
            "items", "filter", "map", "reduce", "sort", "toobject", "lambda", "lambdavariables", "groupby", "mapvalues",
            "tryget", "indexfromend", "tryindexfromend",
            "base64", "base64tostring", "base64tojson", "datauri", "datauritostring", "uri", "uricomponent",
            "uricomponenttostring", "padleft", "newguid", "utcnow", "datetimeadd", "datetimefromepoch", "datetimetoepoch",
            "copyindex", "environment", "managementgroup", "managementgroupresourceid", "tenant", "providers",
            "pickzones", "parsecidr", "cidrsubnet", "cidrhost", "deployer", "externalinputs", "join", "float", "decimal",
            "listkeys", "listsecrets", "listaccountsas", "listserviceas");

    private FunctionTable() {
    }

    static ArmFunction lookup(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        ArmFunction function = FUNCTIONS.get(key);
        if (function != null) {
            return function;
        }
        if (name.contains(".")) {
            return call -> {
                throw new UnsupportedExpressionException(name, "user-defined function '" + name
                        + "' is not evaluated by dicom-cmk");
            };
        }
        // Every list* function reads secrets or live state from a resource provider (listKeys, listSecrets, ...).
        if (KNOWN_UNSUPPORTED.contains(key) || key.startsWith("list")) {
            return call -> {
                throw new UnsupportedExpressionException(name, "template function '" + name
                        + "' is not supported by dicom-cmk's evaluator");
            };
        }
        return null;
    }
}
