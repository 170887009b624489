package dev.duplex.server.api;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/** Parses named string parameters into typed options, naming the parameter when one is wrong. */
final class ParameterReader {
    private final Function<String, String> parameters;

    ParameterReader(Function<String, String> parameters) {
        this.parameters = parameters;
    }

    void longValue(String name, LongConsumer target) {
        parse(name, value -> target.accept(Long.parseLong(value)));
    }

    void intValue(String name, IntConsumer target) {
        parse(name, value -> target.accept(Integer.parseInt(value)));
    }

    void booleanValue(String name, Consumer<Boolean> target) {
        parse(name, value -> {
            if (!value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException("expected true or false");
            }
            target.accept(Boolean.parseBoolean(value));
        });
    }

    private void parse(String name, Consumer<String> parser) {
        String value = parameters.apply(name);
        if (value == null) {
            return;
        }
        try {
            parser.accept(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Duplex option " + name + "='" + value + "': " + e.getMessage(), e);
        }
    }
}
