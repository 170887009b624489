package dev.duplex.bench;

import java.util.function.Consumer;

/** Just enough JSON scanning for Duplex server frames: no tree, no allocation beyond the frame strings. */
final class Frames {
    private Frames() {
    }

    /** Calls {@code f} with each top-level object of a frame or a batch. */
    static void forEachObject(String s, Consumer<String> f) {
        int depth = 0;
        int start = -1;
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                if (depth++ == 0) {
                    start = i;
                }
            } else if (c == '}' && --depth == 0) {
                f.accept(s.substring(start, i + 1));
            }
        }
    }

    /** The string member {@code name} (no escapes expected), or null. */
    static String str(String o, String name) {
        String key = "\"" + name + "\":\"";
        int at = o.indexOf(key);
        if (at < 0) {
            return null;
        }
        int from = at + key.length();
        return o.substring(from, o.indexOf('"', from));
    }

    /** The non-negative integer member {@code name}, or -1. */
    static long num(String o, String name) {
        String key = "\"" + name + "\":";
        int at = o.indexOf(key);
        if (at < 0) {
            return -1;
        }
        long v = 0;
        for (int i = at + key.length(); i < o.length(); i++) {
            char c = o.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
