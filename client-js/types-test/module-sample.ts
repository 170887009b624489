// Type-checked against the packed package (node typecheck.js): what a TypeScript app writes with duplex-client.
import Duplex, { connect, Channel, Options, TransportEvent, WebSocket as DuplexWebSocket } from 'duplex-client';

const options: Options = { transports: ['websocket', 'long-polling'], upgradeTimeout: 5000, debug: true };
const chat: Channel = connect('chat', options);
chat.on('open', () => { chat.send({ text: 'hello' }); })
  .on('message', (data: unknown) => console.log(data))
  .on('transport', (e: TransportEvent) => console.log(e.from, '->', e.to, e.reason))
  .on('reset', (e) => console.warn(e.reason, e.from, e.to, e.topics, e.lost))
  .on('error', (e) => console.error(e.code, e.message, e.ref))
  .on('close', (e) => console.log(e.code, e.reason))
  .on('pressure', (e) => console.log('retry in', e.retry));
const subscribed: boolean = chat.subscribe('chat/lobby', (data, topic: string) => console.log(topic, data));
const sent: boolean = chat.publish('chat/lobby', { text: 'hi all' });
const state: 'connecting' | 'open' | 'reconnecting' | 'closed' = chat.state;
const rtt: number | null = chat.rtt;
console.log(subscribed, sent, state, rtt, chat.bufferedAmount, chat.transport, chat.id, Duplex.version);
chat.close(1000, 'bye');

const ws = new DuplexWebSocket('wss://example.com/app/chat');
ws.onmessage = (e) => console.log(e.data.toUpperCase());
ws.onclose = (e) => console.log(e.code, e.reason, e.wasClean);
if (ws.readyState === DuplexWebSocket.OPEN) ws.send('text');
const viaDefault: Channel = new Duplex.Channel('chat', { maxQueue: 10 });
viaDefault.close();

// Wrong uses must not compile: each line below is an error that the typings catch.
// @ts-expect-error: not an event of a channel
chat.on('opened', () => {});
// @ts-expect-error: not a transport name
connect('chat', { transports: ['sse'] });
// @ts-expect-error: a message event's data is unknown, not a string, until the app checks it
chat.on('message', (data: number) => data);
// @ts-expect-error: close codes are numbers
chat.close('1000');
