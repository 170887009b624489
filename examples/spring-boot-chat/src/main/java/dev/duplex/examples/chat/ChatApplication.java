package dev.duplex.examples.chat;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.spring.DuplexMount;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application with one Duplex mount, {@code /chat}: a client's direct message is echoed back, and
 * {@code POST /announce} publishes to the {@code news} topic from an ordinary Spring MVC controller. The page
 * at {@code /} uses {@code duplex.js}, which the Duplex jar serves. Run it with
 * {@code java -jar target/duplex-example-spring-boot-chat.jar} after {@code mvn -B -DskipTests package}.
 */
@SpringBootApplication
public class ChatApplication {

    /** The one Duplex-specific bean: the auto-configuration mounts it when the web server starts. */
    @Bean
    DuplexMount chat(ChatHandler handler) {
        return DuplexMount.of("/chat", handler, DuplexOptions.builder().maxMessageChars(4096).build());
    }

    /**
     * Starts the application.
     *
     * @param args Spring Boot's command line, e.g. {@code --server.port=0}
     */
    public static void main(String[] args) {
        SpringApplication.run(ChatApplication.class, args);
    }
}
