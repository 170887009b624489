// A plain <script src="duplex.js"> page: the global Duplex (the typings' "export as namespace"), no import.
const page = Duplex.connect('chat', { transports: ['long-polling'] });
page.on('message', (data) => console.log(data));
const legacy = new Duplex.WebSocket('ws://example.com/chat');
legacy.onopen = () => legacy.send('hello');
