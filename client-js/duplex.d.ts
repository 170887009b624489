// Type definitions for duplex.js 0.1 (the Duplex browser client). The wire contract is PROTOCOL.md.

export type State = 'connecting' | 'open' | 'reconnecting' | 'closed';
export type TransportName = 'websocket' | 'long-polling';

export interface Options {
  /**
   * Subprotocols offered, in order of preference (a name or a list, as WebSocket takes them): the server's
   * ChannelHandler.selectProtocol chooses one, reported as channel.protocol on either transport. If it chooses
   * none, the handshake is refused: 'error' unsupported_protocol, then 'close' {code: 4400} (Duplex.WebSocket:
   * close 1006, reason '', wasClean false, as a browser WebSocket whose server names none of them).
   */
  protocols?: string | string[];
  /** Transports allowed (default ['websocket', 'long-polling']): long-polling first, WebSocket as an upgrade. */
  transports?: TransportName[];
  /** ms to wait for the WebSocket's welcome before falling back (default 5000). */
  upgradeTimeout?: number;
  /** ms a tab remembers that WebSocket failed for this endpoint (default 300000). */
  wsFailureMemoryMs?: number;
  /** Re-upgrade backoff bounds, ms (defaults 2000, 60000). */
  upgradeMin?: number;
  upgradeMax?: number;
  /** Reconnect backoff bounds, ms (defaults 1000, 30000); full jitter. */
  reconnectMin?: number;
  reconnectMax?: number;
  /**
   * ms close() waits at most for the server's close frame (default 5000); then 'close' anyway.
   */
  closeTimeout?: number;
  /**
   * Connection attempts (handshake or resume) that may fail in a row before the channel gives up: 'error'
   * with the last failure's code (e.g. 'network', 'too_many_sessions'), then 'close' {code: 1006}. Default 0:
   * never give up. Permanent refusals (404, 403) close at once whatever this says. A stopping server's advice
   * to come back later (an away frame, 503 shutting_down, close 1001) is no failure and counts nothing: the
   * channel waits as advised (plus jitter) and resumes the same session, with no 'reset'.
   */
  maxAttempts?: number;
  /**
   * 'tab': survive a reload. On pagehide the channel stores its session in this tab's sessionStorage instead of
   * closing it (ids, token, the last server seq it took, its unacked frames, its topics), and the tab's next page
   * that connects to the same mount resumes it: what the server sent during the reload arrives exactly once,
   * unacked sends go out again, topics stay subscribed (their messages are held until the page subscribes to them again, which sends nothing),
   * and the server's handler sees neither a close nor an open. The new page's channel fires 'open'. Past the
   * server's resume window the new page gets 'reset' {reason: 'expired'} and a new session. Trade-off: the session
   * token sits in sessionStorage, readable by any script of this origin in this tab. Default: off (pagehide
   * closes the session).
   */
  resume?: 'tab';
  /**
   * true: the channels of every tab of this browser to this mount share one long-poll connection (PROTOCOL.md
   * section 2.5). Each tab keeps its own session (the server sees one channel per tab); one tab, elected with a
   * Web Lock, parks one bundled poll for all and hands each tab its frames over a BroadcastChannel; when that tab
   * closes, another takes over, losing nothing. Sends stay per tab, and so does the WebSocket where it works: this
   * matters behind proxies that refuse WebSocket, where a 7th long-polling tab would otherwise stall (browsers
   * allow 6 HTTP/1.1 connections per host). Needs BroadcastChannel and Web Locks (a secure context: https, or
   * http on localhost); elsewhere each tab polls alone, as without it. Default: off.
   */
  share?: boolean;
  /** Most unacked frames queued (default 1000); beyond it send() returns false and 'error' queue_full fires. */
  maxQueue?: number;
  /** WebSocket ack cadence: every N server frames (default 32) and within ms (default 250). */
  ackEvery?: number;
  ackDelay?: number;
  /** WebSocket ping period for rtt and keepalive, ms (default 10000, at most hb). */
  rttInterval?: number;
  /** request(): ms to wait for the server's answer unless the call says otherwise (default 30000). */
  replyTimeout?: number;
  /** Handshake and send POST timeout, ms (default 15000). */
  requestTimeout?: number;
  /** Extra ms a poll may take beyond the server's poll hold (default 10000). */
  pollMargin?: number;
  /**
   * Whether to tell the server why this session is on long-polling (default true): one small frame per reason
   * and session ('no_websocket', 'remembered', 'no_welcome', 'error'), counted by the server's metrics
   * (PROTOCOL.md section 5.2). It carries no data of the page; false sends none.
   */
  telemetry?: boolean;
  /**
   * Console lines (console.log, prefixed "duplex <mount>:") for transport decisions and refusals: a refused
   * handshake and what to check, a failed upgrade, a downgrade, each reconnect delay, a refused message, the
   * server's advice to slow down. Default false.
   */
  debug?: boolean;
  /** Override the handshake's heartbeat values, ms. */
  hb?: number;
  hbTimeout?: number;
  poll?: number;
  /** Injectable environment (tests). WebSocket: null disables the WebSocket transport. */
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (id: unknown) => void;
  now?: () => number;
  random?: () => number;
  WebSocket?: { new (url: string): WebSocket } | null;
  XMLHttpRequest?: { new (): XMLHttpRequest };
  sessionStorage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** share: the BroadcastChannel constructor and Web Locks (navigator.locks) to use; injected by tests. */
  BroadcastChannel?: { new (name: string): BroadcastChannel };
  locks?: Pick<LockManager, 'request'>;
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'> | null;
  location?: { protocol: string; host: string; href: string };
  console?: { log(text: string): void };
}

export interface TransportEvent { from: TransportName | null; to: TransportName; reason: 'open' | 'upgrade' | 'downgrade' | 'reconnect'; code?: number; }
export interface StateEvent { from: State; to: State; }
export interface ResetEvent {
  reason: string;
  /** For a server reset (e.g. 'overflow'): server frames from..to are lost; topics still subscribed. */
  from?: number;
  to?: number;
  topics?: string[];
  /** For reason 'expired': how many unacked client frames were dropped. */
  lost?: number;
}
/**
 * How the channel ended. code 1000 (or the app's code) after close(), whatever the server's close frame
 * says; otherwise a server close frame's code and reason; for a refusal, reason is the error code and code
 * is 4000 + the HTTP status for a refused handshake
 * (4404 not_found, 4403 forbidden_origin or forbidden), 1009 for too_large, 1006 after maxAttempts.
 */
export interface CloseEvent { code: number; reason: string; }
/**
 * Something the application should know. code is the server's error code (a string) or the client's own:
 * - 'too_large': a send/publish over the server's maxMessage (refused at once, nothing queued; or, for a
 *   message queued before the handshake, refused by the server, with ref), or the server refused a message
 *   as too large (then the channel closes);
 * - 'queue_full': maxQueue unacked frames already; the send was refused;
 * - a refused handshake: 'not_found' (a wrong mount), 'forbidden_origin' (the page's origin is not in the
 *   server's allowedOrigins), 'forbidden' (then the channel closes), 'too_many_sessions' (retried);
 * - 'forbidden', 'invalid_topic', 'too_many_subscriptions': a refused frame, with ref = its seq;
 * - 'unsupported_binary': a binary message reached an engine without typed arrays (it is skipped);
 * - after maxAttempts failures in a row, the last failure's code ('network'...), then the channel closes.
 */
export interface ErrorEvent { code: string; message: string; ref?: number; }
/**
 * The server asked the client to slow down: nothing is sent for retry ms, then the unacked frames again, one
 * batch (maxBatch frames) per acknowledgement until the backlog has drained.
 */
export interface PressureEvent { retry: number; }

/**
 * Why a request got no answer (PROTOCOL.md section 3.4): an Error with a code. 'timeout' (no answer in time;
 * a later one is dropped), 'no_handler' (the server has no onRequest), 'internal_error' (the server's handler
 * failed; details stay in its log), 'closed' (the channel closed or its session was lost first), 'too_large' or
 * 'queue_full' (the request was not sent), or the server's own code (a RequestException).
 */
export interface RequestError extends Error { code: string; }

/**
 * Answers one server request: return the answer (any JSON value) or a Promise of it; or, declared with two
 * parameters, call reply(error, answer) once. An Error with a code refuses with that code and message; any other
 * failure refuses with 'internal_error' and a generic message.
 */
export type RequestHandler = ((data: unknown) => unknown) |
  ((data: unknown, reply: (error: { code: string; message?: string } | null, answer?: unknown) => void) => void);

export interface EventMap {
  /**
   * The session is open: fires once per session. After a reset {reason: 'expired'} a new session starts
   * and 'open' fires again (greet the server here). Reconnections within the same session fire 'resumed'.
   */
  open: undefined;
  /** The same session is connected again after a reconnect (state reconnecting -> open); nothing was lost. */
  resumed: undefined;
  /** A message's payload: a JSON value, or an ArrayBuffer for a binary message. */
  message: unknown;
  transport: TransportEvent;
  state: StateEvent;
  /** Continuity was lost: never silent. */
  reset: ResetEvent;
  close: CloseEvent;
  error: ErrorEvent;
  /** The server advised slowing down; bufferedAmount shows the backlog. */
  pressure: PressureEvent;
  /** bufferedAmount is back to 0 after a 'pressure' event or a queue_full refusal. */
  drain: undefined;
}

export interface Channel {
  readonly state: State;
  readonly transport: TransportName | null;
  /** The subprotocol the server chose from options.protocols; '' when none was offered. */
  readonly protocol: string;
  /** The session id (sid); null before the handshake. */
  readonly id: string | null;
  /** Last measured round trip, ms (WebSocket ping/pong, or long-poll POST); null until measured. */
  readonly rtt: number | null;
  /** Frames queued or sent that the server has not acknowledged yet (at most maxQueue). */
  readonly bufferedAmount: number;
  /**
   * Sends any JSON value, or bytes (an ArrayBuffer or a typed array / DataView: the server sees
   * Message.isBinary(); PROTOCOL.md section 3.5), exactly once and in order with everything else. False when refused, with an 'error' event: over the
   * server's maxMessage ('too_large': nothing is queued) or maxQueue reached ('queue_full'); false, without
   * an event, once close() was called or the channel closed.
   * Keeps returning true while the server slows the client down, as long as the queue has room.
   */
  send(data: unknown): boolean;
  /** Publishes to a topic: same guarantees and result as send. */
  publish(topic: string, data: unknown): boolean;
  /**
   * Asks the server (its ChannelHandler.onRequest) and resolves with its answer; the request is delivered and
   * run exactly once, across transport switches and reconnects. Rejects with a RequestError. timeout: ms to
   * wait (default replyTimeout). Engines without Promise pass cb instead: cb(error, answer).
   */
  request(data: unknown, options?: { timeout?: number }): Promise<unknown>;
  request(data: unknown, options: { timeout?: number } | undefined, cb: (error: RequestError | null, answer?: unknown) => void): void;
  request(data: unknown, cb: (error: RequestError | null, answer?: unknown) => void): void;
  /** Sets the handler of the server's requests (Channel.request); without one they fail 'no_handler'. */
  onRequest(fn: RequestHandler): this;
  subscribe(topic: string, fn?: (data: unknown, topic: string) => void): boolean;
  unsubscribe(topic: string, fn?: (data: unknown, topic: string) => void): void;
  /**
   * Ends the session gracefully (PROTOCOL.md section 3.1). A close frame follows every earlier frame; the
   * transport keeps receiving, so what the server sent before its own close frame (e.g. the echo of a
   * message sent just before) is still delivered as usual; the server's close frame is acked, then 'close'
   * fires with this code and reason (default 1000, ''), not the server's. It fires anyway after closeTimeout
   * ms without that frame, or as soon as the transport fails (no downgrade, upgrade or reconnect meanwhile);
   * at once when the channel is not open, and on pagehide. Meanwhile state stays as it was (there is no
   * public 'closing' state) and send, publish and subscribe return false without an 'error' event.
   */
  close(code?: number, reason?: string): void;
  on<K extends keyof EventMap>(event: K, fn: (e: EventMap[K]) => void): this;
  off<K extends keyof EventMap>(event: K, fn: (e: EventMap[K]) => void): this;
}

/**
 * The W3C WebSocket surface for text messages, carried by a Duplex channel. A refused connection (a wrong
 * mount, a foreign origin, a forbidden user, maxAttempts failures) fires 'error' then 'close' with the
 * channel's code and reason and wasClean false, as a browser WebSocket does.
 */
export declare class DuplexWebSocket {
  /** url: the mount; a ws:// or wss:// URL is taken as http:// or https://, so it can stay as it was. */
  /**
   * protocols: subprotocols offered, in order of preference; the server's choice is protocol once open. No
   * match fails as in a browser: 'error', then 'close' with code 1006, reason '' and wasClean false.
   */
  constructor(url: string, protocols?: string | string[] | Options, options?: Options);
  static readonly CONNECTING: 0;
  static readonly OPEN: 1;
  static readonly CLOSING: 2;
  static readonly CLOSED: 3;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
  readonly url: string;
  readonly readyState: 0 | 1 | 2 | 3;
  /** The subprotocol the server chose; '' before open and when none was offered. */
  readonly protocol: string;
  readonly extensions: string;
  /** Characters of text messages sent but not yet acknowledged by the server. */
  readonly bufferedAmount: number;
  /** The transport in use; null before the first. */
  readonly transport: TransportName | null;
  /** The channel underneath: transport, resumed, pressure and drain events, topics. */
  readonly channel: Channel;
  binaryType: string;
  onopen: ((e: { type: 'open' }) => void) | null;
  /**
   * data: a string, or an ArrayBuffer for a binary message (binaryType is always 'arraybuffer'). Typed `any`, as
   * the DOM types a WebSocket's MessageEvent, so that existing WebSocket code compiles unchanged.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onmessage: ((e: { type: 'message'; data: any }) => void) | null;
  onerror: ((e: { type: 'error'; code: string; message: string }) => void) | null;
  onclose: ((e: { type: 'close'; code: number; reason: string; wasClean: boolean }) => void) | null;
  /** Text, or bytes (ArrayBuffer, typed array, DataView): a binary message. */
  send(data: string | ArrayBuffer | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'error' | 'close', fn: (e: any) => void): void;
  removeEventListener(type: 'open' | 'message' | 'error' | 'close', fn: (e: any) => void): void;
}

export declare function connect(url: string, options?: Options): Channel;

declare const Duplex: {
  connect: typeof connect;
  WebSocket: typeof DuplexWebSocket;
  Channel: { new (url: string, options?: Options): Channel };
  version: string;
};
export default Duplex;
export { Duplex, DuplexWebSocket as WebSocket };
export as namespace Duplex;
