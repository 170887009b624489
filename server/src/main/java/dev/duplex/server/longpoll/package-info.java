/**
 * The long-polling transport: a parked asynchronous {@code GET} carries server frames, {@code POST}s carry
 * client frames. No thread is held while a poll is parked.
 */
package dev.duplex.server.longpoll;
