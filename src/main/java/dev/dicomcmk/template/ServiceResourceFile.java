package dev.dicomcmk.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.template.expressions.TemplateJson;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.Text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Loads a saved DICOM service (a GET body or `az resource show` output) for offline rendering. */
public final class ServiceResourceFile {
    private ServiceResourceFile() {
    }

    /** @throws InvalidInputException with a one-line message naming the file and the problem */
    public static JsonNode load(Path file) {
        String text;
        try {
            text = new String(dev.dicomcmk.model.InputFiles.readBounded(file), StandardCharsets.UTF_8);
        } catch (dev.dicomcmk.model.InputFiles.TooLarge e) {
            throw new InvalidInputException(e.getMessage());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        JsonNode node;
        try {
            node = TemplateJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // never the parser's message: it quotes the file's text, which may hold a secret
            throw new InvalidInputException(file + ": " + dev.dicomcmk.model.JsonSyntax.describe(e));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(file + ": expected a JSON object (the DICOM service), found "
                    + (node == null || node.isMissingNode() ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        String type = node.path("type").asText("");
        if (!type.equalsIgnoreCase(ServiceId.RESOURCE_TYPE)) {
            throw new InvalidInputException(file + ": the resource is a '" + Text.shorten(type.isEmpty() ? "(no type)" : type)
                    + "', not a DICOM service (" + ServiceId.RESOURCE_TYPE + ")");
        }
        return node;
    }
}
