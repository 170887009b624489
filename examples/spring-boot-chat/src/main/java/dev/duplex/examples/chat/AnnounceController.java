package dev.duplex.examples.chat;

import dev.duplex.server.api.Message;
import dev.duplex.spring.DuplexMount;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Server code pushing to clients: a Spring MVC endpoint that publishes to a topic through the mount's hub. */
@RestController
class AnnounceController {
    static final String TOPIC = "news";

    private final DuplexMount chat;

    AnnounceController(DuplexMount chat) {
        this.chat = chat;
    }

    /** Publishes the request body, as text, to every subscriber of {@value #TOPIC}. */
    @PostMapping("/announce")
    String announce(@RequestBody String text) {
        chat.hub().publish(TOPIC, Message.text(text));
        return "published";
    }
}
