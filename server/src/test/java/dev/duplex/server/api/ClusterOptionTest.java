package dev.duplex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code cluster} option: empty (a single node) unless set, from code or a {@code web.xml} init-param. */
class ClusterOptionTest {

    @Test
    void aSingleNodeByDefault() {
        assertEquals("", DuplexOptions.defaults().cluster());
        assertEquals("", DuplexOptions.builder().cluster(null).build().cluster());
    }

    @Test
    void fromCodeAndFromAnInitParamTrimmed() {
        assertEquals("redis://10.0.0.5:6379",
                DuplexOptions.builder().cluster("redis://10.0.0.5:6379").build().cluster());
        assertEquals("redis://10.0.0.5:6379",
                DuplexOptions.fromParameters(Map.of("cluster", " redis://10.0.0.5:6379 ")::get).cluster());
    }
}
