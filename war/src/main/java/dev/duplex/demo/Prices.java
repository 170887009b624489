package dev.duplex.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;

/** A few made-up symbols whose prices take a random walk. Used by one thread at a time. */
final class Prices {
    private static final String[] SYMBOLS = {"ACME", "GLOBX", "INITK", "UMBRL", "WAYNE", "STARK"};
    private static final double[] OPENING = {112.40, 58.15, 23.90, 301.75, 187.20, 642.05};
    private static final double VOLATILITY = 0.0015;

    private final SplittableRandom random = new SplittableRandom();
    private final double[] prices = OPENING.clone();
    /** Numbers the updates, so a page (and a test) can see that none went missing. */
    private long tick;

    /**
     * Moves some prices and returns every quote as JSON:
     * {@code {"tick":n,"at":millis,"quotes":[{"symbol":"ACME","price":112.43,"change":0.03,"changePct":0.03}, ...]}}.
     */
    String step() {
        JsonArray quotes = new JsonArray();
        for (int i = 0; i < SYMBOLS.length; i++) {
            if (random.nextInt(3) != 0) {
                prices[i] = Math.max(0.01, prices[i] * (1 + VOLATILITY * gaussian()));
            }
            JsonObject quote = new JsonObject();
            quote.addProperty("symbol", SYMBOLS[i]);
            quote.addProperty("price", round(prices[i], 2));
            quote.addProperty("change", round(prices[i] - OPENING[i], 2));
            quote.addProperty("changePct", round((prices[i] / OPENING[i] - 1) * 100, 2));
            quotes.add(quote);
        }
        JsonObject update = new JsonObject();
        update.addProperty("tick", ++tick);
        update.addProperty("at", System.currentTimeMillis());
        update.add("quotes", quotes);
        return update.toString();
    }

    private double gaussian() {
        // Sum of uniforms: close enough to a normal distribution for a demo, and no shared Random.
        double sum = 0;
        for (int i = 0; i < 6; i++) {
            sum += random.nextDouble();
        }
        return (sum - 3) * Math.sqrt(2);
    }

    private static BigDecimal round(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP);
    }
}
