// Type definitions for duplex.js 0.1 (the Duplex browser client). The wire contract is PROTOCOL.md.

export type State = 'connecting' | 'open' | 'reconnecting' | 'closed';
export type TransportName = 'websocket' | 'long-polling';

export interface Options {
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
  /** Most unacked frames queued (default 1000); beyond it send() returns false and 'error' queue_full fires. */
  maxQueue?: number;
  /** WebSocket ack cadence: every N server frames (default 32) and within ms (default 250). */
  ackEvery?: number;
  ackDelay?: number;
  /** WebSocket ping period for rtt and keepalive, ms (default 10000, at most hb). */
  rttInterval?: number;
  /** Handshake and send POST timeout, ms (default 15000). */
  requestTimeout?: number;
  /** Extra ms a poll may take beyond the server's poll hold (default 10000). */
  pollMargin?: number;
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
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'> | null;
  location?: { protocol: string; host: string; href: string };
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
export interface CloseEvent { code: number; reason: string; }
export interface ErrorEvent { code: string; message: string; ref?: number; }

export interface EventMap {
  open: undefined;
  message: unknown;
  transport: TransportEvent;
  state: StateEvent;
  reset: ResetEvent;
  close: CloseEvent;
  error: ErrorEvent;
}

export interface Channel {
  readonly state: State;
  readonly transport: TransportName | null;
  /** The session id (sid); null before the handshake. */
  readonly id: string | null;
  /** Last measured round trip, ms (WebSocket ping/pong, or long-poll POST); null until measured. */
  readonly rtt: number | null;
  /** Sends any JSON value, exactly once and in order. False when refused (queue full, or closed). */
  send(data: unknown): boolean;
  publish(topic: string, data: unknown): boolean;
  subscribe(topic: string, fn?: (data: unknown, topic: string) => void): boolean;
  unsubscribe(topic: string, fn?: (data: unknown, topic: string) => void): void;
  close(code?: number, reason?: string): void;
  on<K extends keyof EventMap>(event: K, fn: (e: EventMap[K]) => void): this;
  off<K extends keyof EventMap>(event: K, fn: (e: EventMap[K]) => void): this;
}

/** The W3C WebSocket surface for text messages, carried by a Duplex channel. */
export declare class DuplexWebSocket {
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
  readonly protocol: string;
  readonly extensions: string;
  readonly bufferedAmount: number;
  binaryType: string;
  onopen: ((e: { type: 'open' }) => void) | null;
  onmessage: ((e: { type: 'message'; data: string }) => void) | null;
  onerror: ((e: { type: 'error'; code: string; message: string }) => void) | null;
  onclose: ((e: { type: 'close'; code: number; reason: string; wasClean: boolean }) => void) | null;
  send(text: string): void;
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
