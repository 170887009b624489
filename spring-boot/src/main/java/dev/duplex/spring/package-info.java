/**
 * Duplex for Spring Boot 4 servlet applications: declare a {@link dev.duplex.spring.DuplexMount} bean and
 * {@link dev.duplex.spring.DuplexAutoConfiguration} mounts it on the embedded Tomcat or Jetty, WebSocket and
 * long-polling alike. Everything else is Duplex's own API ({@code dev.duplex.server.api}).
 */
package dev.duplex.spring;
