package dev.duplex.server.metrics;

/** UTF-8 sizes of text, counted without encoding it (no allocation). */
public final class Utf8 {
    private Utf8() {
    }

    /** How many bytes {@code text} takes in UTF-8 (a lone surrogate counts as the 1 byte Java writes for it). */
    public static long length(CharSequence text) {
        int chars = text.length();
        long bytes = chars;
        for (int i = 0; i < chars; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                // 2 bytes below U+0800, else 3; each half of a surrogate pair adds 1 (the pair takes 4).
                bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }
}
