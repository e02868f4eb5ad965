package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The template code's own JSON mapper (parse ARM's json() argument, read and write template files). The template
 * package is pure: it must not reach into the azure package for one, since azure deploys what this renders.
 */
public final class TemplateJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private TemplateJson() {
    }
}
