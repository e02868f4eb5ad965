package dev.dicomcmk.preflight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An input file read once: its name as the user gave it (findings and SARIF repeat it, so code
 * scanning can match it to the repository), its tree, and where each value is.
 */
public record JsonFile(String displayName, JsonNode tree, LineIndex lines) {

    // ARM accepts // and /* */ comments in templates; a duplicate property is a mistake worth stopping at
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(JsonParser.Feature.ALLOW_COMMENTS, true)
            .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);

    /** @throws InvalidTemplateException one line: file, line, what is wrong */
    public static JsonFile read(Path path, String displayName) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(
                    dev.dicomcmk.model.InputFiles.readBounded(path))).toString();
        } catch (dev.dicomcmk.model.InputFiles.TooLarge e) {
            throw new InvalidTemplateException(displayName + ": more than "
                    + dev.dicomcmk.model.InputFiles.MAX_BYTES / (1024 * 1024) + " MiB; not a template or parameters file");
        } catch (NoSuchFileException e) {
            throw new InvalidTemplateException(displayName + ": no such file");
        } catch (CharacterCodingException e) {
            throw new InvalidTemplateException(displayName + ": not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidTemplateException(displayName + ": cannot read (" + e.getMessage() + ")");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a BOM, as Windows editors write
        }
        try {
            JsonNode tree = MAPPER.readTree(text);
            if (tree == null || !tree.isObject()) {
                throw new InvalidTemplateException(displayName + ":1: not a JSON object");
            }
            return new JsonFile(displayName, tree, LineIndex.of(text));
        } catch (JsonProcessingException e) {
            // never the parser's message: it quotes the file's text, which may hold a secret
            throw new InvalidTemplateException(displayName + ": " + dev.dicomcmk.model.JsonSyntax.describe(e));
        } catch (IOException e) {
            throw new InvalidTemplateException(displayName + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
