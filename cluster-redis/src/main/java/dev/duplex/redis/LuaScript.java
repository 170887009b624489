package dev.duplex.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script, sent either with its text ({@code EVAL}) or by its SHA-1 ({@code EVALSHA}, falling back to the text
 * when Redis does not know it, e.g. after a restart). Either way one round trip. Comment lines are not sent.
 */
final class LuaScript {
    private final String text;
    private final String sha;
    private final ScriptOutputType type;

    private LuaScript(String text, ScriptOutputType type) {
        this.text = text;
        this.type = type;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** The script in resource {@code name} next to this class. */
    static LuaScript load(String name, ScriptOutputType type) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + name);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new LuaScript(source.lines().filter(line -> !line.trim().startsWith("--"))
                    .collect(java.util.stream.Collectors.joining("\n")), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the script by its text. Commands sent this way run in the order sent, whatever Redis knew before: a
     * publish must never overtake an earlier one, and an {@code EVALSHA} refused with {@code NOSCRIPT} and sent
     * again would be overtaken by those sent after it once another node has loaded the script.
     */
    <T> CompletionStage<T> runInOrder(RedisAsyncCommands<String, String> redis, String[] keys, String... args) {
        return redis.<T>eval(text, type, keys, args);
    }

    /** Runs the script by its SHA-1 (its text only if Redis lacks it); for reads, whose order does not matter. */
    <T> CompletionStage<T> run(RedisAsyncCommands<String, String> redis, String[] keys, String... args) {
        CompletionStage<T> bySha = redis.evalsha(sha, type, keys, args);
        return bySha.handle((result, failure) -> {
            Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause()
                    : failure;
            if (cause instanceof RedisNoScriptException) {
                return redis.<T>eval(text, type, keys, args);
            }
            return failure == null ? CompletableFuture.completedFuture(result)
                    : CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(stage -> stage);
    }
}
