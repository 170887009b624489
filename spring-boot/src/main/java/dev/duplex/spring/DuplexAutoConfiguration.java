package dev.duplex.spring;

import dev.duplex.server.Duplex;
import jakarta.servlet.ServletContext;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;

/**
 * Mounts every {@link DuplexMount} bean in the servlet web application when its embedded server starts
 * (Tomcat or Jetty alike), through one {@link ServletContextInitializer}. Inactive in a non-servlet
 * application. Each mount registers its own async servlet at {@code path/*}; Spring MVC's dispatcher is not
 * involved, so no controller, filter chain or message converter sees Duplex's requests (Spring Security's
 * filter chain does, if the application has one: permit the mount's paths there).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Duplex.class, ServletContext.class})
public class DuplexAutoConfiguration {

    /** Creates the configuration; Spring Boot does, once, when it applies auto-configurations. */
    public DuplexAutoConfiguration() {
    }

    /**
     * The initializer that mounts the application's {@link DuplexMount} beans, in bean order.
     *
     * @param mounts every {@link DuplexMount} bean of the application
     * @return the initializer, which the embedded web server runs once at startup
     */
    @Bean
    public static ServletContextInitializer duplexMounts(ObjectProvider<DuplexMount> mounts) {
        return context -> {
            List<DuplexMount> all = mounts.orderedStream().toList();
            for (DuplexMount mount : all) {
                mount.mountIn(context);
            }
        };
    }
}
