/**
 * Internal. Deadlines for many sessions at O(1) each: a hashed {@link dev.duplex.server.timer.TimerWheel} on the
 * hub's injected {@link dev.duplex.server.api.Scheduler}, so an idle server does no work per session until one of
 * its deadlines (a heartbeat, a poll's hold, a resume window) is due. No container API.
 */
package dev.duplex.server.timer;
