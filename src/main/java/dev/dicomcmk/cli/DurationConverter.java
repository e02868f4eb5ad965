package dev.dicomcmk.cli;

import dev.dicomcmk.model.Durations;
import dev.dicomcmk.model.InvalidInputException;
import picocli.CommandLine;

import java.time.Duration;

/** 90d, 12h, 30m, 45s, 2w or ISO-8601; the one parser lives in {@link Durations}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            Duration d = Durations.parse(value, "duration");
            if (d.isZero()) {
                throw new CommandLine.TypeConversionException("a duration of zero makes no sense here; give e.g. 30s or 90d");
            }
            return d;
        } catch (InvalidInputException e) {
            throw new CommandLine.TypeConversionException(e.getMessage().replaceFirst("^duration ", ""));
        }
    }
}
