package dev.duplex.faultkit;

import java.util.Random;

/** Which responses the {@link FaultProxy} swallows: those whose request target contains {@code path}, by chance. */
record DropRule(String path, double ratio, Random random) {
    synchronized boolean drops(String target) {
        return target.contains(path) && random.nextDouble() < ratio;
    }
}
